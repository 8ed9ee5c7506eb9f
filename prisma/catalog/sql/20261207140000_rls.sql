-- The catalog service's database role: not the owner of the tables (the migrations' login is), so
-- the row-level security policies of the tenant tables apply to it. The service takes it with
-- SET ROLE on each connection (DB_ROLE, default miw_catalog); see docs/security.md.
-- Roles are cluster-wide and test databases migrate side by side: a concurrent creation is fine.
-- An operator may create the role beforehand; the migrations' login then needs no CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miw_catalog') THEN
    CREATE ROLE miw_catalog NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA "catalog" TO miw_catalog;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "catalog" TO miw_catalog;
REVOKE ALL ON "catalog"._migrations FROM miw_catalog;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "catalog" TO miw_catalog;
-- Tables and sequences of later migrations (created by the same login) are granted too.
ALTER DEFAULT PRIVILEGES IN SCHEMA "catalog" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO miw_catalog;
ALTER DEFAULT PRIVILEGES IN SCHEMA "catalog" GRANT USAGE, SELECT ON SEQUENCES TO miw_catalog;

-- The sync worker writes the mirrored rows of this domain in the other region (its own role).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miw_sync') THEN
    CREATE ROLE miw_sync NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
GRANT USAGE ON SCHEMA "catalog" TO miw_sync;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "catalog" TO miw_sync;
REVOKE ALL ON "catalog"._migrations FROM miw_sync;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "catalog" TO miw_sync;
ALTER DEFAULT PRIVILEGES IN SCHEMA "catalog" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO miw_sync;
ALTER DEFAULT PRIVILEGES IN SCHEMA "catalog" GRANT USAGE, SELECT ON SEQUENCES TO miw_sync;
