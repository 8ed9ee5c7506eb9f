/**
 * Row-level security of inventory's tenant tables (prisma/inventory/sql/*_rls.sql): the data
 * layer is called WITHOUT the services' organization filters, inside a viewer's database scope,
 * on a pool like the service's (its role, scoped checkouts), and the database itself returns
 * nothing of another organization.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createPool, runInDbScope, SYSTEM_SCOPE, type DbScope } from '@miw/db';
import { createTestDatabase, type TestDatabase } from '@miw/testing';
import { createInventoryDb, type InventoryDb } from '../src/data/db';
import { findLevelsByStores } from '../src/data/levels';
import { readAvailability } from '../src/data/reads';
import { findShipments, listShipments } from '../src/data/shipments';
import { listStockRequests } from '../src/data/stock-requests';

const org = { partnerA: randomUUID(), partnerB: randomUUID(), makerA: randomUUID(), makerB: randomUUID(), carrierA: randomUUID() };
const store = { a: randomUUID(), b: randomUUID() };
const maker = { a: randomUUID(), b: randomUUID() };
const product = { a: randomUUID(), b: randomUUID() };
const request = { a: randomUUID(), b: randomUUID() };
const shipment = { a: randomUUID(), b: randomUUID() };

const scope = (role: string, organizationId: string | null = null): DbScope => ({ userId: randomUUID(), organizationId, role });
const as = {
  partnerA: scope('PARTNER', org.partnerA),
  makerB: scope('MANUFACTURER', org.makerB),
  carrierA: scope('LOGISTICS', org.carrierA),
  shopper: scope('CUSTOMER'),
  admin: scope('ADMIN'),
};

describe('inventory row-level security', () => {
  let db: TestDatabase;
  let owner: pg.Pool;
  let service: pg.Pool;
  let prisma: InventoryDb;

  beforeAll(async () => {
    db = await createTestDatabase('invrls');
    owner = createPool({ url: db.url, max: 2 });
    service = createPool({ url: db.url, max: 3, role: 'miw_inventory', scoped: true });
    prisma = createInventoryDb(service);
    await owner.query(`INSERT INTO inventory.catalog_store (id, region, partner_organization_id, updated_at) VALUES ($1, 'eu', $2, now()), ($3, 'eu', $4, now())`, [store.a, org.partnerA, store.b, org.partnerB]);
    await owner.query(`INSERT INTO inventory.catalog_manufacturer (id, organization_id, updated_at) VALUES ($1, $2, now()), ($3, $4, now())`, [maker.a, org.makerA, maker.b, org.makerB]);
    await owner.query(`INSERT INTO inventory.catalog_product (id, manufacturer_id, updated_at) VALUES ($1, $2, now()), ($3, $4, now())`, [product.a, maker.a, product.b, maker.b]);
    // Store A stocks product A and store B product B; one request and one shipment each (A's carried by carrier A).
    await owner.query(
      `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 10, 2, now()), (gen_random_uuid(), $3, $4, 5, 0, now())`,
      [store.a, product.a, store.b, product.b],
    );
    await owner.query(`INSERT INTO inventory.stock_request (id, store_id, updated_at) VALUES ($1, $2, now()), ($3, $4, now())`, [request.a, store.a, request.b, store.b]);
    await owner.query(
      `INSERT INTO inventory.stock_request_item (id, stock_request_id, product_id, requested_quantity) VALUES (gen_random_uuid(), $1, $2, 3), (gen_random_uuid(), $3, $4, 3)`,
      [request.a, product.a, request.b, product.b],
    );
    await owner.query(
      `INSERT INTO inventory.shipment (id, stock_request_id, store_id, logistics_organization_id, updated_at) VALUES ($1, $2, $3, $4, now()), ($5, $6, $7, NULL, now())`,
      [shipment.a, request.a, store.a, org.carrierA, shipment.b, request.b, store.b],
    );
    await owner.query(
      `INSERT INTO inventory.shipment_item (id, shipment_id, product_id, quantity) VALUES (gen_random_uuid(), $1, $2, 3), (gen_random_uuid(), $3, $4, 3)`,
      [shipment.a, product.a, shipment.b, product.b],
    );
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await service?.end();
    await owner?.end();
    await db?.drop();
  });

  it('runs the service as its own role: not a superuser, not the owner of any table, no BYPASSRLS', async () => {
    const { rows } = await runInDbScope(SYSTEM_SCOPE, () => service.query<{ user: string }>('SELECT current_user AS user'));
    expect(rows[0]!.user).toBe('miw_inventory');
    const role = await owner.query<{ rolsuper: boolean; rolbypassrls: boolean }>(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'miw_inventory'`);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = await owner.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'inventory' AND tableowner = 'miw_inventory'`);
    expect(owned.rows).toEqual([]);
    const secured = await owner.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'inventory' AND rowsecurity ORDER BY tablename`);
    expect(secured.rows.map((r) => r.tablename)).toEqual(['inventory_level', 'inventory_movement', 'shipment', 'shipment_item', 'stock_request', 'stock_request_item', 'tracking_event']);
  });

  it('returns nothing of another organization when the application filter is left out', async () => {
    await runInDbScope(as.partnerA, async () => {
      expect((await findLevelsByStores(prisma, [store.a, store.b])).map((l) => l.storeId)).toEqual([store.a]);
      expect((await listStockRequests(prisma, {}, 100)).map((r) => r.id)).toEqual([request.a]);
      expect((await listShipments(prisma, {}, 100)).map((s) => s.id)).toEqual([shipment.a]);
      expect(await prisma.stockRequestItem.count()).toBe(1);
      expect(await prisma.shipmentItem.count()).toBe(1);
    });
    await runInDbScope(as.makerB, async () => {
      expect((await findLevelsByStores(prisma, [store.a, store.b])).map((l) => l.productId)).toEqual([product.b]);
      expect((await listStockRequests(prisma, {}, 100)).map((r) => r.id)).toEqual([request.b]);
      expect((await findShipments(prisma, [shipment.a, shipment.b])).map((s) => s.id)).toEqual([shipment.b]);
    });
    await runInDbScope(as.carrierA, async () => {
      expect((await listShipments(prisma, {}, 100)).map((s) => [s.id, s.items.length])).toEqual([[shipment.a, 1]]);
      expect(await findLevelsByStores(prisma, [store.a, store.b])).toEqual([]);
      expect(await listStockRequests(prisma, {}, 100)).toEqual([]);
    });
    await runInDbScope(as.shopper, async () => {
      expect(await findLevelsByStores(prisma, [store.a, store.b])).toEqual([]);
      expect(await listShipments(prisma, {}, 100)).toEqual([]);
    });
  });

  it('lets admins and the system see every row', async () => {
    for (const who of [as.admin, SYSTEM_SCOPE]) {
      await runInDbScope(who, async () => {
        expect(await findLevelsByStores(prisma, [store.a, store.b])).toHaveLength(2);
        expect(await listStockRequests(prisma, {}, 100)).toHaveLength(2);
        expect(await listShipments(prisma, {}, 100)).toHaveLength(2);
      });
    }
  });

  it('returns nothing without a scope, while public availability stays readable', async () => {
    expect(await findLevelsByStores(prisma, [store.a, store.b])).toEqual([]);
    expect(await listShipments(prisma, {}, 100)).toEqual([]);
    expect((await service.query('SELECT * FROM inventory.stock_request')).rowCount).toBe(0);
    const available = await readAvailability(service, [product.a, product.b]);
    expect(new Map(available.map((r) => [r.id, r.available]))).toEqual(new Map([[product.a, 8], [product.b, 5]]));
  });

  it('refuses to change rows of another organization, and to write rows it could not see', async () => {
    await runInDbScope(as.partnerA, async () => {
      expect(await prisma.inventoryLevel.updateMany({ data: { onHand: 99 } })).toEqual({ count: 1 });
      await expect(service.query(`INSERT INTO inventory.stock_request (id, store_id, updated_at) VALUES ($1, $2, now())`, [randomUUID(), store.b])).rejects.toThrow(/row-level security/);
    });
    const { rows } = await owner.query<{ store_id: string; on_hand: number }>(`SELECT store_id, on_hand FROM inventory.inventory_level ORDER BY on_hand`);
    expect(rows).toEqual([{ store_id: store.b, on_hand: 5 }, { store_id: store.a, on_hand: 99 }]);
  });

  it('does not carry one checkout\'s scope into the next on the same connection, and sends it only when it changes', async () => {
    const single = createPool({ url: db.url, max: 1, role: 'miw_inventory', scoped: true });
    const sent = jest.spyOn(pg.Client.prototype, 'query');
    const scopeStatements = () => sent.mock.calls.filter(([q]) => (typeof q === 'string' ? q : (q as { text?: string }).text)?.startsWith("SELECT set_config('miw.user_id'")).length;
    try {
      expect((await runInDbScope(as.admin, () => single.query('SELECT 1 FROM inventory.shipment'))).rowCount).toBe(2);
      expect((await runInDbScope(as.admin, () => single.query('SELECT 1 FROM inventory.shipment'))).rowCount).toBe(2);
      expect(scopeStatements()).toBe(1);
      expect((await single.query('SELECT 1 FROM inventory.shipment')).rowCount).toBe(0);
      expect((await runInDbScope(as.carrierA, () => single.query('SELECT 1 FROM inventory.shipment'))).rowCount).toBe(1);
      expect(scopeStatements()).toBe(3);
    } finally {
      sent.mockRestore();
      await single.end();
    }
  });
});
