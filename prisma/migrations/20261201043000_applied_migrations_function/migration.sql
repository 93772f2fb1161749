-- GET /api/health reports whether every migration the running code ships with is applied. It asks
-- as the app role, which may not read _prisma_migrations (migration bookkeeping is the owner's;
-- lib/db/privileges.ts), so this function answers instead: it runs as its owner (SECURITY DEFINER,
-- fixed search_path) and returns the names of finished migrations only. Written by hand: a schema
-- diff cannot produce functions. EXECUTE stays with PUBLIC: migration names are no secret.
CREATE FUNCTION "trustmap_applied_migrations"() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT migration_name FROM public._prisma_migrations
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
     ORDER BY migration_name
  $$;
