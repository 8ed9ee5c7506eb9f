-- The orders service's database role: not the owner of the tables (the migrations' login is), so
-- the row-level security policies of the tenant tables apply to it. The service takes it with
-- SET ROLE on each connection (DB_ROLE, default miw_orders); see docs/security.md.
-- Roles are cluster-wide and test databases migrate side by side: a concurrent creation is fine.
-- An operator may create the role beforehand; the migrations' login then needs no CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miw_orders') THEN
    CREATE ROLE miw_orders NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA "orders" TO miw_orders;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "orders" TO miw_orders;
REVOKE ALL ON "orders"._migrations FROM miw_orders;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "orders" TO miw_orders;
-- Tables and sequences of later migrations (created by the same login) are granted too.
ALTER DEFAULT PRIVILEGES IN SCHEMA "orders" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO miw_orders;
ALTER DEFAULT PRIVILEGES IN SCHEMA "orders" GRANT USAGE, SELECT ON SEQUENCES TO miw_orders;

-- Row-level security of the tenant tables. The service sets miw.user_id, miw.org_id and miw.role
-- on each checkout (empty: nobody). Admins and the system (consumers, the reconciler, payment
-- webhooks) see every row; as the services decide (src/services/access.ts): a shopper their own
-- carts, orders and payments; the partner running the store its orders; a manufacturer the
-- orders with lines of its products.
CREATE FUNCTION orders.rls_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('miw.role', true) IN ('ADMIN', 'system')
$$;

CREATE FUNCTION orders.rls_user() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('miw.user_id', true), '')::uuid
$$;

CREATE FUNCTION orders.rls_org() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('miw.org_id', true), '')::uuid
$$;

-- Looks through order_item without its policy (runs as the owner): no recursion between the
-- policies of "order" and order_item.
CREATE FUNCTION orders.rls_makes_ordered(order_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM orders.order_item i WHERE i.order_id = rls_makes_ordered.order_id AND i.manufacturer_organization_id = orders.rls_org())
$$;

ALTER TABLE orders.cart ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders.cart USING (orders.rls_sees_all() OR user_id = orders.rls_user());

ALTER TABLE orders.cart_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders.cart_item
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders.cart c WHERE c.id = cart_id));

ALTER TABLE orders."order" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON orders."order"
  USING (orders.rls_sees_all()
    OR user_id = orders.rls_user()
    OR partner_organization_id = orders.rls_org()
    OR orders.rls_makes_ordered(id));

-- Lines and payments are seen, changed and deleted with their order. They are written in the
-- statement that writes the order (data/checkout-sql.ts), which cannot see that order yet: any
-- identified caller may insert them (the service checks the order; reading them back needs it).
CREATE FUNCTION orders.rls_identified() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT orders.rls_sees_all() OR orders.rls_user() IS NOT NULL
$$;

ALTER TABLE orders.order_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON orders.order_item FOR SELECT
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders."order" o WHERE o.id = order_id));
CREATE POLICY tenant_update ON orders.order_item FOR UPDATE
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders."order" o WHERE o.id = order_id));
CREATE POLICY tenant_delete ON orders.order_item FOR DELETE
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders."order" o WHERE o.id = order_id));
CREATE POLICY tenant_insert ON orders.order_item FOR INSERT WITH CHECK (orders.rls_identified());

ALTER TABLE orders.payment ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON orders.payment FOR SELECT
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders."order" o WHERE o.id = order_id));
CREATE POLICY tenant_update ON orders.payment FOR UPDATE
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders."order" o WHERE o.id = order_id));
CREATE POLICY tenant_delete ON orders.payment FOR DELETE
  USING (orders.rls_sees_all() OR EXISTS (SELECT 1 FROM orders."order" o WHERE o.id = order_id));
CREATE POLICY tenant_insert ON orders.payment FOR INSERT WITH CHECK (orders.rls_identified());
