-- AlterTable
ALTER TABLE "mappings" ADD COLUMN     "expiry_warned_at" TIMESTAMPTZ(3);
