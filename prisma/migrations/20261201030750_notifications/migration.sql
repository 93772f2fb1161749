-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('email', 'slack', 'webhook');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('pending', 'sent', 'retrying', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "NotificationAttemptOutcome" AS ENUM ('sent', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "WebhookKind" AS ENUM ('slack', 'generic');

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" UUID,
    "actor_label" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "user_id" UUID,
    "webhook_id" UUID,
    "env_variable" TEXT,
    "target" TEXT NOT NULL,
    "status" "NotificationStatus" NOT NULL DEFAULT 'pending',
    "via" TEXT,
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_attempts" (
    "id" UUID NOT NULL,
    "notification_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" "NotificationAttemptOutcome" NOT NULL,
    "via" TEXT,
    "answer" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_webhooks" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "WebhookKind" NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_mutes" (
    "user_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_mutes_pkey" PRIMARY KEY ("user_id","event")
);

-- CreateIndex
CREATE INDEX "notifications_created_at_idx" ON "notifications"("created_at");

-- CreateIndex
CREATE INDEX "notifications_status_created_at_idx" ON "notifications"("status", "created_at");

-- CreateIndex
CREATE INDEX "notifications_via_created_at_idx" ON "notifications"("via", "created_at");

-- CreateIndex
CREATE INDEX "notification_attempts_notification_id_at_idx" ON "notification_attempts"("notification_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_webhooks_name_key" ON "notification_webhooks"("name");

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "notification_webhooks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_mutes" ADD CONSTRAINT "notification_mutes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An email goes to a user, a webhook notification to a saved webhook or one named by environment.
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_email_has_no_webhook" CHECK ("channel" <> 'email' OR ("webhook_id" IS NULL AND "env_variable" IS NULL));
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_webhook_has_no_user" CHECK ("channel" = 'email' OR "user_id" IS NULL);
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_env_variable_known" CHECK ("env_variable" IS NULL OR "env_variable" IN ('TRUSTMAP_WEBHOOK_URL', 'TRUSTMAP_SLACK_WEBHOOK_URL'));
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_via_known" CHECK ("via" IS NULL OR "via" IN ('smtp', 'http', 'outbox'));
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_attempt_count_nonnegative" CHECK ("attempt_count" >= 0);
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_attempt_positive" CHECK ("attempt" >= 1 AND "duration_ms" >= 0);
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_answer_short" CHECK (char_length("answer") <= 1000);
ALTER TABLE "notification_webhooks" ADD CONSTRAINT "notification_webhooks_url_http" CHECK ("url" ~ '^https?://');
ALTER TABLE "notification_webhooks" ADD CONSTRAINT "notification_webhooks_name_length" CHECK (char_length("name") BETWEEN 1 AND 100);
