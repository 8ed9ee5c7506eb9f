/**
 * Development seed of the supply chain, per region (each region seeds its own stores): stock
 * levels with their opening movement, stock requests and shipments with tracking. Fixed ids and
 * ON CONFLICT DO NOTHING make it idempotent. Seeds write no events (the demo starts quiet).
 */
import type { Pool } from 'pg';
import type { OrganizationPayload } from '@miw/contracts';
import { inTransaction } from '@miw/events';
import type { ShipmentStatus } from './domain/shipment';
import type { StockRequestStatus } from './domain/stock-request';

export interface LevelSeed {
  id: string;
  storeId: string;
  productId: string;
  onHand: number;
  reserved?: number;
  lowStockThreshold?: number;
}

export interface StockRequestSeed {
  id: string;
  storeId: string;
  status: StockRequestStatus;
  note?: string;
  /** [line id, product id, requested, approved (null until approved)] */
  items: [string, string, number, number | null][];
}

export interface ShipmentSeed {
  id: string;
  stockRequestId: string;
  storeId: string;
  logisticsOrganizationId: string;
  status: ShipmentStatus;
  /** [line id, product id, quantity] */
  items: [string, string, number][];
  /** [event id, status, location, hours ago] */
  tracking: [string, string, string, number][];
}

/** An organization seeded in auth, written straight to the local projection (auth's seed writes no events). */
export interface OrganizationProjectionSeed {
  id: string;
  kind: OrganizationPayload['kind'];
}

export interface InventorySeed {
  levels: LevelSeed[];
  organizations?: OrganizationProjectionSeed[];
  stockRequests?: StockRequestSeed[];
  shipments?: ShipmentSeed[];
}

/** The opening RECEIVED movement of a seeded level gets the level's id with this prefix. */
const movementId = (levelId: string) => `5eed${levelId.slice(4)}`;

/** Seeds one region; returns the number of rows inserted. */
export async function seedInventory(pool: Pool, seed: InventorySeed): Promise<number> {
  const { levels, organizations = [], stockRequests = [], shipments = [] } = seed;
  let inserted = 0;
  await inTransaction(pool, async (client) => {
    const run = async (sql: string, params: unknown[]) => (inserted += (await client.query(sql, params)).rowCount ?? 0);
    if (levels.length) {
      await run(
        `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
         SELECT *, now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::int[])
         ON CONFLICT (store_id, product_id) DO NOTHING`,
        [levels.map((l) => l.id), levels.map((l) => l.storeId), levels.map((l) => l.productId), levels.map((l) => l.onHand), levels.map((l) => l.reserved ?? 0), levels.map((l) => l.lowStockThreshold ?? 5)],
      );
      const opening = levels.filter((l) => l.onHand > 0);
      await run(
        `INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, correlation_id, note)
         SELECT m, l, d, 'RECEIVED', 'seed', 'opening stock' FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(m, l, d)
         WHERE EXISTS (SELECT 1 FROM inventory.inventory_level WHERE id = l) ON CONFLICT (id) DO NOTHING`,
        [opening.map((l) => movementId(l.id)), opening.map((l) => l.id), opening.map((l) => l.onHand)],
      );
    }
    if (organizations.length) {
      // The oldest possible version: any real organization event replaces these rows.
      await run(
        `INSERT INTO inventory.organization_projection (id, kind, updated_at, last_event_id)
         SELECT id, kind::inventory."OrganizationKind", 'epoch', '00000000-0000-0000-0000-000000000000' FROM unnest($1::uuid[], $2::text[]) AS t(id, kind)
         ON CONFLICT (id) DO NOTHING`,
        [organizations.map((o) => o.id), organizations.map((o) => o.kind)],
      );
    }
    for (const r of stockRequests) {
      await run(`INSERT INTO inventory.stock_request (id, store_id, status, note, updated_at) VALUES ($1, $2, $3, $4, now()) ON CONFLICT (id) DO NOTHING`, [r.id, r.storeId, r.status, r.note ?? null]);
      for (const [id, productId, requested, approved] of r.items) {
        await run(
          `INSERT INTO inventory.stock_request_item (id, stock_request_id, product_id, requested_quantity, approved_quantity) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
          [id, r.id, productId, requested, approved],
        );
      }
    }
    for (const s of shipments) {
      await run(
        `INSERT INTO inventory.shipment (id, stock_request_id, store_id, logistics_organization_id, status, updated_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (id) DO NOTHING`,
        [s.id, s.stockRequestId, s.storeId, s.logisticsOrganizationId, s.status],
      );
      for (const [id, productId, quantity] of s.items) {
        await run(`INSERT INTO inventory.shipment_item (id, shipment_id, product_id, quantity) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [id, s.id, productId, quantity]);
      }
      for (const [id, status, location, hoursAgo] of s.tracking) {
        await run(
          `INSERT INTO inventory.tracking_event (id, shipment_id, idempotency_key, status, location, occurred_at)
           VALUES ($1::uuid, $2, $1::text, $3, $4, now() - make_interval(hours => $5::int)) ON CONFLICT DO NOTHING`,
          [id, s.id, status, location, hoursAgo],
        );
      }
    }
  });
  return inserted;
}
