-- The notify service's database role: not the owner of the tables (the migrations' login is), so
-- the row-level security policies of the tenant tables apply to it. The service takes it with
-- SET ROLE on each connection (DB_ROLE, default miw_notify); see docs/security.md.
-- Roles are cluster-wide and test databases migrate side by side: a concurrent creation is fine.
-- An operator may create the role beforehand; the migrations' login then needs no CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miw_notify') THEN
    CREATE ROLE miw_notify NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA "notify" TO miw_notify;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "notify" TO miw_notify;
REVOKE ALL ON "notify"._migrations FROM miw_notify;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "notify" TO miw_notify;
-- Tables and sequences of later migrations (created by the same login) are granted too.
ALTER DEFAULT PRIVILEGES IN SCHEMA "notify" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO miw_notify;
ALTER DEFAULT PRIVILEGES IN SCHEMA "notify" GRANT USAGE, SELECT ON SEQUENCES TO miw_notify;

-- Row-level security of the tenant tables. The service sets miw.user_id, miw.org_id and miw.role
-- on each checkout (empty: nobody). Admins and the system (consumers, senders, schedules) see
-- every row; as the services decide: a user the notifications addressed to them, an
-- organization its webhook endpoints and their deliveries.
CREATE FUNCTION notify.rls_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('miw.role', true) IN ('ADMIN', 'system')
$$;

ALTER TABLE notify.notification ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON notify.notification
  USING (notify.rls_sees_all() OR user_id = nullif(current_setting('miw.user_id', true), '')::uuid);

ALTER TABLE notify.webhook_endpoint ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON notify.webhook_endpoint
  USING (notify.rls_sees_all() OR organization_id = nullif(current_setting('miw.org_id', true), '')::uuid);

ALTER TABLE notify.webhook_delivery ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON notify.webhook_delivery
  USING (notify.rls_sees_all() OR EXISTS (SELECT 1 FROM notify.webhook_endpoint e WHERE e.id = endpoint_id));
