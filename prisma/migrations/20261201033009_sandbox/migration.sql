-- AlterTable
ALTER TABLE "aws_accounts" ADD COLUMN     "sandbox" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "sandbox_states" (
    "key" TEXT NOT NULL,
    "state" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_states_pkey" PRIMARY KEY ("key")
);

-- One state per sandbox AWS account and one for the sandbox GitLab (lib/sandbox/store.ts).
ALTER TABLE "sandbox_states" ADD CONSTRAINT "sandbox_states_key_check" CHECK ("key" = 'gitlab' OR "key" ~ '^iam:[0-9]{12}$');
