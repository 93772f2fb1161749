-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('requester', 'approver', 'auditor', 'admin');

-- CreateEnum
CREATE TYPE "SubjectScope" AS ENUM ('group', 'project');

-- CreateEnum
CREATE TYPE "RefType" AS ENUM ('branch', 'tag', 'any');

-- CreateEnum
CREATE TYPE "MappingStatus" AS ENUM ('requested', 'approved', 'rejected', 'revoked', 'expired', 'withdrawn');

-- CreateEnum
CREATE TYPE "ReconcileRunKind" AS ENUM ('plan', 'apply', 'drift');

-- CreateEnum
CREATE TYPE "ReconcileRunStatus" AS ENUM ('running', 'succeeded', 'failed', 'partial');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('pending', 'running', 'done', 'failed', 'skipped');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" "UserRole" NOT NULL DEFAULT 'requester',
    "gitlab_id" INTEGER,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3),

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aws_accounts" (
    "id" UUID NOT NULL,
    "account_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer_url" TEXT NOT NULL,
    "oidc_provider_arn" TEXT,
    "audiences" TEXT[],
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "management_role_arn" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "aws_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "iam_roles" (
    "id" UUID NOT NULL,
    "aws_account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "production" BOOLEAN NOT NULL DEFAULT false,
    "trust_policy_quota" INTEGER NOT NULL DEFAULT 2048,
    "actual_trust_policy" JSONB,
    "actual_fetched_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "iam_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mappings" (
    "id" UUID NOT NULL,
    "scope" "SubjectScope" NOT NULL,
    "gitlab_path" TEXT NOT NULL,
    "ref_type" "RefType" NOT NULL,
    "ref_pattern" TEXT NOT NULL,
    "environment" TEXT,
    "role_id" UUID NOT NULL,
    "audience" TEXT NOT NULL,
    "status" "MappingStatus" NOT NULL DEFAULT 'requested',
    "requester_id" UUID NOT NULL,
    "justification" TEXT NOT NULL,
    "required_approvals" INTEGER NOT NULL DEFAULT 1,
    "risk_tier" TEXT NOT NULL DEFAULT 'normal',
    "expires_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "decision_reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mappings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mapping_approvals" (
    "mapping_id" UUID NOT NULL,
    "approver_id" UUID NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mapping_approvals_pkey" PRIMARY KEY ("mapping_id","approver_id")
);

-- CreateTable
CREATE TABLE "reconcile_runs" (
    "id" UUID NOT NULL,
    "kind" "ReconcileRunKind" NOT NULL,
    "status" "ReconcileRunStatus" NOT NULL DEFAULT 'running',
    "started_by_id" UUID,
    "trigger" TEXT NOT NULL,
    "summary" JSONB,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconcile_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconcile_operations" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OperationStatus" NOT NULL DEFAULT 'pending',
    "request_id" TEXT,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconcile_operations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "resource_type" TEXT,
    "resource_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "users_gitlab_id_key" ON "users"("gitlab_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "aws_accounts_account_id_key" ON "aws_accounts"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "iam_roles_arn_key" ON "iam_roles"("arn");

-- CreateIndex
CREATE UNIQUE INDEX "iam_roles_aws_account_id_name_key" ON "iam_roles"("aws_account_id", "name");

-- CreateIndex
CREATE INDEX "mappings_status_created_at_idx" ON "mappings"("status", "created_at");

-- CreateIndex
CREATE INDEX "mappings_role_id_status_idx" ON "mappings"("role_id", "status");

-- CreateIndex
CREATE INDEX "mappings_gitlab_path_idx" ON "mappings"("gitlab_path");

-- CreateIndex
CREATE INDEX "mappings_requester_id_idx" ON "mappings"("requester_id");

-- CreateIndex
CREATE INDEX "reconcile_runs_started_at_idx" ON "reconcile_runs"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "reconcile_operations_run_id_seq_key" ON "reconcile_operations"("run_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_idx" ON "audit_events"("actor_id");

-- CreateIndex
CREATE INDEX "audit_events_action_idx" ON "audit_events"("action");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "iam_roles" ADD CONSTRAINT "iam_roles_aws_account_id_fkey" FOREIGN KEY ("aws_account_id") REFERENCES "aws_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "iam_roles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mapping_approvals" ADD CONSTRAINT "mapping_approvals_mapping_id_fkey" FOREIGN KEY ("mapping_id") REFERENCES "mappings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mapping_approvals" ADD CONSTRAINT "mapping_approvals_approver_id_fkey" FOREIGN KEY ("approver_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconcile_runs" ADD CONSTRAINT "reconcile_runs_started_by_id_fkey" FOREIGN KEY ("started_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconcile_operations" ADD CONSTRAINT "reconcile_operations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconcile_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- trustmap: constraints Prisma's schema language cannot express. They live in the database so
-- no code path (or person with psql) can store what the application would refuse.
ALTER TABLE "users" ADD CONSTRAINT "users_username_not_blank" CHECK (length(btrim("username")) > 0);
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_name_not_blank" CHECK (length(btrim("name")) > 0);
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_expiry_after_creation" CHECK ("expires_at" IS NULL OR "expires_at" > "created_at");
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_hash_is_sha256" CHECK ("token_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "aws_accounts" ADD CONSTRAINT "aws_accounts_account_id_12_digits" CHECK ("account_id" ~ '^[0-9]{12}$');
ALTER TABLE "aws_accounts" ADD CONSTRAINT "aws_accounts_issuer_is_https" CHECK ("issuer_url" ~ '^https://[^/?#]+(/[^?#]*)?$');
ALTER TABLE "aws_accounts" ADD CONSTRAINT "aws_accounts_has_audience" CHECK (cardinality("audiences") > 0);
ALTER TABLE "iam_roles" ADD CONSTRAINT "iam_roles_quota_allowed" CHECK ("trust_policy_quota" IN (2048, 4096, 8192));
ALTER TABLE "iam_roles" ADD CONSTRAINT "iam_roles_name_valid" CHECK ("name" ~ '^[A-Za-z0-9+=,.@_-]{1,64}$');
ALTER TABLE "iam_roles" ADD CONSTRAINT "iam_roles_arn_format" CHECK ("arn" ~ '^arn:aws[a-z-]*:iam::[0-9]{12}:role/');
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_path_not_blank" CHECK (length(btrim("gitlab_path")) > 0);
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_ref_not_blank" CHECK (length(btrim("ref_pattern")) > 0);
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_audience_not_blank" CHECK (length(btrim("audience")) > 0);
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_justification_required" CHECK (length(btrim("justification")) > 0);
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_required_approvals_1_or_2" CHECK ("required_approvals" IN (1, 2));
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_risk_tier_known" CHECK ("risk_tier" IN ('normal', 'high'));
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_decision_has_reason" CHECK ("status" NOT IN ('rejected', 'revoked') OR length(btrim(coalesce("decision_reason", ''))) > 0);
ALTER TABLE "reconcile_operations" ADD CONSTRAINT "reconcile_operations_seq_non_negative" CHECK ("seq" >= 0);
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_is_sha256" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$');

-- Nobody approves their own request, whatever code path writes the approval.
CREATE FUNCTION trustmap_forbid_self_approval() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "mappings" m WHERE m."id" = NEW."mapping_id" AND m."requester_id" = NEW."approver_id") THEN
    RAISE EXCEPTION 'a requester cannot approve their own request' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "mapping_approvals_no_self_approval" BEFORE INSERT OR UPDATE ON "mapping_approvals"
  FOR EACH ROW EXECUTE FUNCTION trustmap_forbid_self_approval();

-- The audit log is append-only: the database refuses to change or remove events.
CREATE FUNCTION trustmap_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION trustmap_audit_is_append_only();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION trustmap_audit_is_append_only();
