-- CreateTable
CREATE TABLE "mapping_gitlab_baselines" (
    "mapping_id" UUID NOT NULL,
    "path_key" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mapping_gitlab_baselines_pkey" PRIMARY KEY ("mapping_id","path_key")
);

-- CreateIndex
CREATE INDEX "audit_events_resource_type_resource_id_idx" ON "audit_events"("resource_type", "resource_id");

-- AddForeignKey
ALTER TABLE "mapping_gitlab_baselines" ADD CONSTRAINT "mapping_gitlab_baselines_mapping_id_fkey" FOREIGN KEY ("mapping_id") REFERENCES "mappings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keys are lower-cased paths, like gitlab_project_facts'; the facts are one JSON object.
ALTER TABLE "mapping_gitlab_baselines" ADD CONSTRAINT "mapping_gitlab_baselines_path_key_lower" CHECK ("path_key" = lower("path_key"));
ALTER TABLE "mapping_gitlab_baselines" ADD CONSTRAINT "mapping_gitlab_baselines_facts_object" CHECK (jsonb_typeof("facts") = 'object');
