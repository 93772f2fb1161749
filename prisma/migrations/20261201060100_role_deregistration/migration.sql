-- AlterTable
ALTER TABLE "iam_roles" ADD COLUMN     "deregistered_at" TIMESTAMPTZ(3);

-- trustmap: a deregistered role has no live (requested or approved) mapping, whatever code path
-- writes: deregistering one that has them is refused, and so is filing or approving one on it.
-- The mapping side reads the role FOR SHARE, which waits for a deregistration in progress (its
-- UPDATE holds the row), and the role side's check runs after any such reader has committed, so
-- the two cannot pass each other.
CREATE FUNCTION trustmap_role_deregistration_keeps_no_live_mapping() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."deregistered_at" IS NOT NULL AND OLD."deregistered_at" IS NULL
     AND EXISTS (SELECT 1 FROM "mappings" m WHERE m."role_id" = NEW."id" AND m."status" IN ('requested', 'approved')) THEN
    RAISE EXCEPTION 'role % still has live mappings; revoke or withdraw them before deregistering it', NEW."arn" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "iam_roles_deregister_without_live_mappings" BEFORE UPDATE OF "deregistered_at" ON "iam_roles"
  FOR EACH ROW EXECUTE FUNCTION trustmap_role_deregistration_keeps_no_live_mapping();

CREATE FUNCTION trustmap_live_mapping_needs_registered_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."status" IN ('requested', 'approved')
     AND (SELECT r."deregistered_at" FROM "iam_roles" r WHERE r."id" = NEW."role_id" FOR SHARE) IS NOT NULL THEN
    RAISE EXCEPTION 'the role of this mapping is deregistered: trustmap no longer manages it' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "mappings_live_only_on_registered_roles" BEFORE INSERT OR UPDATE OF "status", "role_id" ON "mappings"
  FOR EACH ROW EXECUTE FUNCTION trustmap_live_mapping_needs_registered_role();
