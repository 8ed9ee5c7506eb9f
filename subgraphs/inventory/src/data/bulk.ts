/**
 * Bulk stock for large data sets (`npm run seed:large`, the gateway benchmark): a batch of
 * inventory levels (ids chosen by the caller) with the opening RECEIVED movement of each level that
 * holds stock, in ONE statement per batch. Levels that exist (same id, or same store and product)
 * are left alone, and so are their movements: a re-run writes nothing. Like the development seed
 * (src/seed.ts), it writes no events: opening stock is not a change anyone is told about.
 */
import type { Pool, PoolClient } from 'pg';

/** A pg pool or client: each batch is one statement, its own transaction. */
type Queryable = Pick<Pool | PoolClient, 'query'>;

export interface BulkLevel {
  id: string;
  storeId: string;
  productId: string;
  onHand: number;
  lowStockThreshold: number;
  /** Id of the opening RECEIVED movement (none when onHand is 0: a movement never moves 0). */
  movementId: string;
}

/** Inserts the levels that do not exist yet and their opening movements; returns how many of each were written. */
export async function insertLevels(db: Queryable, levels: BulkLevel[], correlationId: string, at: Date): Promise<{ levels: number; movements: number }> {
  if (levels.length === 0) return { levels: 0, movements: 0 };
  const { rows } = await db.query<{ levels: string; movements: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::uuid[]) AS t(id, store_id, product_id, on_hand, threshold, movement_id)
     ), l AS (
       INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, created_at, updated_at)
       SELECT id, store_id, product_id, on_hand, 0, threshold, $7, $7 FROM input
       ON CONFLICT DO NOTHING RETURNING id, on_hand
     ), m AS (
       INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, correlation_id, note, created_at)
       SELECT i.movement_id, l.id, l.on_hand, 'RECEIVED', $8, 'opening stock', $7 FROM l JOIN input i ON i.id = l.id WHERE l.on_hand > 0
       ON CONFLICT DO NOTHING RETURNING 1
     )
     SELECT (SELECT count(*) FROM l) AS levels, (SELECT count(*) FROM m) AS movements`,
    [
      levels.map((l) => l.id),
      levels.map((l) => l.storeId),
      levels.map((l) => l.productId),
      levels.map((l) => l.onHand),
      levels.map((l) => l.lowStockThreshold),
      levels.map((l) => l.movementId),
      at.toISOString(),
      correlationId,
    ],
  );
  return { levels: Number(rows[0]!.levels), movements: Number(rows[0]!.movements) };
}
