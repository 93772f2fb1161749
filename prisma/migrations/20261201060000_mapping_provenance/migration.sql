-- CreateEnum
CREATE TYPE "MappingProvenance" AS ENUM ('requested', 'imported');

-- AlterTable
ALTER TABLE "mappings" ADD COLUMN     "imported_by_id" UUID,
ADD COLUMN     "imported_from" JSONB,
ADD COLUMN     "provenance" "MappingProvenance" NOT NULL DEFAULT 'requested';

-- AddForeignKey
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_imported_by_id_fkey" FOREIGN KEY ("imported_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- trustmap: an imported mapping always names who imported it and the statement it was read from,
-- and only an imported one does, so provenance cannot be claimed or lost by any code path.
ALTER TABLE "mappings" ADD CONSTRAINT "mappings_import_recorded" CHECK (
  ("provenance" = 'imported') = ("imported_by_id" IS NOT NULL AND "imported_from" IS NOT NULL)
);
