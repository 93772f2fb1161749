-- CreateEnum
CREATE TYPE "AccessReviewStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('keep', 'revoke');

-- AlterEnum
ALTER TYPE "UsageSource" ADD VALUE 'sandbox';

-- CreateTable
CREATE TABLE "access_reviews" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "AccessReviewStatus" NOT NULL DEFAULT 'open',
    "opened_by_id" UUID NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_by_id" UUID,
    "closed_at" TIMESTAMPTZ(3),
    "due_soon_notified_at" TIMESTAMPTZ(3),
    "overdue_notified_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_review_items" (
    "id" UUID NOT NULL,
    "review_id" UUID NOT NULL,
    "mapping_id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "holder_ids" UUID[],
    "mapping_snapshot" JSONB NOT NULL,
    "decision" "ReviewDecision",
    "reason" TEXT,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "evidence" JSONB,

    CONSTRAINT "access_review_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_reviews_status_due_at_idx" ON "access_reviews"("status", "due_at");

-- CreateIndex
CREATE INDEX "access_review_items_mapping_id_idx" ON "access_review_items"("mapping_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_review_items_review_id_mapping_id_key" ON "access_review_items"("review_id", "mapping_id");

-- AddForeignKey
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_opened_by_id_fkey" FOREIGN KEY ("opened_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "access_reviews"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_mapping_id_fkey" FOREIGN KEY ("mapping_id") REFERENCES "mappings"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Checks the diff tool cannot express.
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_title_check" CHECK (length(btrim("title")) > 0);
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_closed_check" CHECK (("status" = 'closed') = ("closed_at" IS NOT NULL));
-- A decision is whole: what, why, who, when and on what evidence, or nothing yet.
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_decision_check" CHECK (
  ("decision" IS NULL AND "reason" IS NULL AND "decided_by_id" IS NULL AND "decided_at" IS NULL AND "evidence" IS NULL)
  OR ("decision" IS NOT NULL AND length(btrim("reason")) > 0 AND "decided_by_id" IS NOT NULL AND "decided_at" IS NOT NULL AND "evidence" IS NOT NULL)
);
-- Nobody certifies a mapping they requested (also refused by the rule table and the state machine).
ALTER TABLE "access_review_items" ADD CONSTRAINT "access_review_items_not_self_check" CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requester_id");

-- A decision, once recorded, is evidence: it cannot be changed or taken back.
CREATE FUNCTION access_review_items_decision_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."decision" IS NOT NULL AND (
       NEW."decision" IS DISTINCT FROM OLD."decision" OR NEW."reason" IS DISTINCT FROM OLD."reason"
    OR NEW."decided_by_id" IS DISTINCT FROM OLD."decided_by_id" OR NEW."decided_at" IS DISTINCT FROM OLD."decided_at"
    OR NEW."evidence" IS DISTINCT FROM OLD."evidence") THEN
    RAISE EXCEPTION 'a review decision is final (item %)', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "access_review_items_decision_is_final" BEFORE UPDATE ON "access_review_items"
  FOR EACH ROW EXECUTE FUNCTION access_review_items_decision_is_final();
