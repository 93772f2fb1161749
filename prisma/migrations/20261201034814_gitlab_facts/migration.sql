-- CreateTable
CREATE TABLE "gitlab_project_facts" (
    "path_key" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "project_id" INTEGER,
    "facts" JSONB,
    "fetched_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "attempted_at" TIMESTAMPTZ(3),
    "queued_at" TIMESTAMPTZ(3),
    "requested_at" TIMESTAMPTZ(3),
    "drift_findings" JSONB NOT NULL DEFAULT '[]',
    "drift_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gitlab_project_facts_pkey" PRIMARY KEY ("path_key")
);

-- CreateTable
CREATE TABLE "gitlab_group_projects" (
    "path_key" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "projects" TEXT[],
    "fetched_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "attempted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gitlab_group_projects_pkey" PRIMARY KEY ("path_key")
);

-- CreateTable
CREATE TABLE "gitlab_group_members" (
    "group_id" INTEGER NOT NULL,
    "members" JSONB,
    "fetched_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "attempted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gitlab_group_members_pkey" PRIMARY KEY ("group_id")
);

-- CreateIndex
CREATE INDEX "gitlab_project_facts_requested_at_idx" ON "gitlab_project_facts"("requested_at");

-- One row per project or group whatever case a mapping used: the key is the lower-cased path.
ALTER TABLE "gitlab_project_facts" ADD CONSTRAINT "gitlab_project_facts_path_key_lower" CHECK ("path_key" = lower("path"));
ALTER TABLE "gitlab_group_projects" ADD CONSTRAINT "gitlab_group_projects_path_key_lower" CHECK ("path_key" = lower("path"));
-- Facts exist only with the time they were read.
ALTER TABLE "gitlab_project_facts" ADD CONSTRAINT "gitlab_project_facts_fetched" CHECK (("facts" IS NULL) = ("fetched_at" IS NULL));
ALTER TABLE "gitlab_group_members" ADD CONSTRAINT "gitlab_group_members_fetched" CHECK (("members" IS NULL) = ("fetched_at" IS NULL));
ALTER TABLE "gitlab_project_facts" ADD CONSTRAINT "gitlab_project_facts_drift_array" CHECK (jsonb_typeof("drift_findings") = 'array');
