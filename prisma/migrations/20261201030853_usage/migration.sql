-- CreateEnum
CREATE TYPE "UsageSource" AS ENUM ('s3', 'sqs', 'lookup');

-- CreateEnum
CREATE TYPE "UsageRunStatus" AS ENUM ('running', 'succeeded', 'partial', 'failed');

-- CreateTable
CREATE TABLE "usage_events" (
    "event_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "role_arn" TEXT NOT NULL,
    "provider" TEXT,
    "audience" TEXT,
    "sub" TEXT,
    "source_ip" TEXT,
    "user_agent" TEXT,
    "error_code" TEXT,
    "source" "UsageSource" NOT NULL,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "usage_daily" (
    "role_arn" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "caller" UUID NOT NULL,
    "sub" TEXT,
    "audience" TEXT,
    "provider" TEXT,
    "error_code" TEXT,
    "count" INTEGER NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_daily_pkey" PRIMARY KEY ("role_arn","day","caller")
);

-- CreateTable
CREATE TABLE "usage_cursors" (
    "key" TEXT NOT NULL,
    "source" "UsageSource" NOT NULL,
    "account_id" TEXT,
    "region" TEXT,
    "position" TEXT NOT NULL,
    "read_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_cursors_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "usage_runs" (
    "id" UUID NOT NULL,
    "source" "UsageSource" NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "UsageRunStatus" NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "read_until" TIMESTAMPTZ(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "problems" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "usage_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "usage_events_role_arn_at_idx" ON "usage_events"("role_arn", "at");

-- CreateIndex
CREATE INDEX "usage_cursors_account_id_idx" ON "usage_cursors"("account_id");

-- CreateIndex
CREATE INDEX "usage_runs_source_started_at_idx" ON "usage_runs"("source", "started_at");

-- Checks the diff tool cannot express.
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_account_id_check" CHECK ("account_id" ~ '^[0-9]{12}$');
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_count_check" CHECK ("count" > 0);
