-- AlterTable
-- trustmap: events already in the table were linked with plain SHA-256; every new event names its
-- algorithm explicitly (no default), so nothing can be written as "sha256" by omission.
ALTER TABLE "audit_events" ADD COLUMN     "hash_alg" TEXT NOT NULL DEFAULT 'sha256';
ALTER TABLE "audit_events" ALTER COLUMN "hash_alg" DROP DEFAULT;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_alg_known" CHECK ("hash_alg" IN ('sha256', 'hmac-sha256'));

-- Once the chain is keyed it stays keyed: an unkeyed event after a keyed one would be a link
-- anyone could forge. (The verifier refuses such a downgrade too; this stops it at the door for
-- every role that cannot switch triggers off.)
CREATE FUNCTION trustmap_audit_no_downgrade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."hash_alg" <> 'hmac-sha256'
     AND (SELECT e."hash_alg" FROM "audit_events" e ORDER BY e."id" DESC LIMIT 1) = 'hmac-sha256' THEN
    RAISE EXCEPTION 'audit_events is keyed: an unkeyed (%) event cannot follow keyed ones', NEW."hash_alg" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "audit_events_no_downgrade" BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION trustmap_audit_no_downgrade();

-- Nobody but the owner gets anything on the audit log unless granted (lib/db/privileges.ts grants
-- the app role SELECT and INSERT only).
REVOKE ALL ON TABLE "audit_events" FROM PUBLIC;
