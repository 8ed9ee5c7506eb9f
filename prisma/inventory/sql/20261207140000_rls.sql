-- The inventory service's database role: not the owner of the tables (the migrations' login is), so
-- the row-level security policies of the tenant tables apply to it. The service takes it with
-- SET ROLE on each connection (DB_ROLE, default miw_inventory); see docs/security.md.
-- Roles are cluster-wide and test databases migrate side by side: a concurrent creation is fine.
-- An operator may create the role beforehand; the migrations' login then needs no CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miw_inventory') THEN
    CREATE ROLE miw_inventory NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA "inventory" TO miw_inventory;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "inventory" TO miw_inventory;
REVOKE ALL ON "inventory"._migrations FROM miw_inventory;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "inventory" TO miw_inventory;
-- Tables and sequences of later migrations (created by the same login) are granted too.
ALTER DEFAULT PRIVILEGES IN SCHEMA "inventory" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO miw_inventory;
ALTER DEFAULT PRIVILEGES IN SCHEMA "inventory" GRANT USAGE, SELECT ON SEQUENCES TO miw_inventory;

-- Row-level security of the tenant tables. The service sets miw.user_id, miw.org_id and miw.role
-- on each checkout (empty: nobody). Admins and the system (consumers, internal routes) see every
-- row; anyone else what names their organization, as the services decide (src/domain/audience.ts):
-- the partner running the store, the manufacturers of the products, the 3PL of a shipment.
-- Policies use the projections inventory keeps (catalog_store, catalog_product,
-- catalog_manufacturer), which have no policy of their own.
CREATE FUNCTION inventory.rls_sees_all() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT current_setting('miw.role', true) IN ('ADMIN', 'system')
$$;

CREATE FUNCTION inventory.rls_org() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('miw.org_id', true), '')::uuid
$$;

-- The checks below look through the tables without row-level security (they run as their owner),
-- so a policy may use them without recursing into the policies of the tables they read.
CREATE FUNCTION inventory.rls_makes_requested(request_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM inventory.stock_request_item i
      JOIN inventory.catalog_product p ON p.id = i.product_id
      JOIN inventory.catalog_manufacturer m ON m.id = p.manufacturer_id
     WHERE i.stock_request_id = request_id AND m.organization_id = inventory.rls_org())
$$;

CREATE FUNCTION inventory.rls_request_visible(request_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM inventory.stock_request r JOIN inventory.catalog_store s ON s.id = r.store_id
     WHERE r.id = request_id AND s.partner_organization_id = inventory.rls_org())
    OR inventory.rls_makes_requested(request_id)
$$;

-- A shipment is seen by the makers of its lines; while a manufacturer writes it, before its
-- lines exist, by the makers of the request it ships (createShipment checks that maker first).
CREATE FUNCTION inventory.rls_makes_shipped(shipment_id uuid, request_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM inventory.shipment_item i
      JOIN inventory.catalog_product p ON p.id = i.product_id
      JOIN inventory.catalog_manufacturer m ON m.id = p.manufacturer_id
     WHERE i.shipment_id = rls_makes_shipped.shipment_id AND m.organization_id = inventory.rls_org())
    OR (NOT EXISTS (SELECT 1 FROM inventory.shipment_item i WHERE i.shipment_id = rls_makes_shipped.shipment_id)
        AND request_id IS NOT NULL AND inventory.rls_makes_requested(request_id))
$$;

CREATE FUNCTION inventory.rls_shipment_visible(shipment_id uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM inventory.shipment s LEFT JOIN inventory.catalog_store c ON c.id = s.store_id
     WHERE s.id = rls_shipment_visible.shipment_id
       AND (s.logistics_organization_id = inventory.rls_org() OR c.partner_organization_id = inventory.rls_org()
            OR inventory.rls_makes_shipped(s.id, s.stock_request_id)))
$$;

ALTER TABLE inventory.inventory_level ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.inventory_level
  USING (inventory.rls_sees_all()
    OR store_id IN (SELECT s.id FROM inventory.catalog_store s WHERE s.partner_organization_id = inventory.rls_org())
    OR product_id IN (SELECT p.id FROM inventory.catalog_product p JOIN inventory.catalog_manufacturer m ON m.id = p.manufacturer_id
                       WHERE m.organization_id = inventory.rls_org()));

-- A movement is seen with its level. It is written in the statement that creates or moves its
-- level (data/levels.ts), which cannot see that level yet: a user writes (and reads back) the
-- movements whose actor they are.
ALTER TABLE inventory.inventory_movement ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.inventory_movement
  USING (inventory.rls_sees_all() OR EXISTS (SELECT 1 FROM inventory.inventory_level l WHERE l.id = level_id))
  WITH CHECK (inventory.rls_sees_all() OR actor_id = nullif(current_setting('miw.user_id', true), '')::uuid);
CREATE POLICY own_movements ON inventory.inventory_movement FOR SELECT
  USING (actor_id = nullif(current_setting('miw.user_id', true), '')::uuid);

ALTER TABLE inventory.stock_request ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.stock_request
  USING (inventory.rls_sees_all()
    OR store_id IN (SELECT s.id FROM inventory.catalog_store s WHERE s.partner_organization_id = inventory.rls_org())
    OR inventory.rls_makes_requested(id));

ALTER TABLE inventory.stock_request_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.stock_request_item
  USING (inventory.rls_sees_all() OR inventory.rls_request_visible(stock_request_id));

ALTER TABLE inventory.shipment ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.shipment
  USING (inventory.rls_sees_all()
    OR logistics_organization_id = inventory.rls_org()
    OR store_id IN (SELECT s.id FROM inventory.catalog_store s WHERE s.partner_organization_id = inventory.rls_org())
    OR inventory.rls_makes_shipped(id, stock_request_id));

ALTER TABLE inventory.shipment_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.shipment_item
  USING (inventory.rls_sees_all() OR inventory.rls_shipment_visible(shipment_id));

ALTER TABLE inventory.tracking_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON inventory.tracking_event
  USING (inventory.rls_sees_all() OR inventory.rls_shipment_visible(shipment_id));

-- What every visitor may know of stock (Product.availability, StoreStock): units available per
-- store and product, nothing else. The view runs as its owner, so the policy of
-- inventory_level does not hide these figures from shoppers.
CREATE VIEW inventory.stock_available AS
  SELECT store_id, product_id, GREATEST(on_hand - reserved, 0) AS available FROM inventory.inventory_level;
-- Read only (the default privileges above would also grant writes through it).
REVOKE ALL ON inventory.stock_available FROM miw_inventory;
GRANT SELECT ON inventory.stock_available TO miw_inventory;
