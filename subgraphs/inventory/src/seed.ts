/** Development seed of stock levels (per region: each region seeds its own stores). */
import type { Pool } from 'pg';

export interface LevelSeed {
  id: string;
  storeId: string;
  productId: string;
  onHand: number;
  reserved?: number;
  lowStockThreshold?: number;
}

export async function seedInventory(pool: Pool, levels: LevelSeed[]): Promise<number> {
  if (levels.length === 0) return 0;
  const { rowCount } = await pool.query(
    `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
     SELECT * , now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::int[])
     ON CONFLICT (store_id, product_id) DO NOTHING`,
    [
      levels.map((l) => l.id),
      levels.map((l) => l.storeId),
      levels.map((l) => l.productId),
      levels.map((l) => l.onHand),
      levels.map((l) => l.reserved ?? 0),
      levels.map((l) => l.lowStockThreshold ?? 5),
    ],
  );
  return rowCount ?? 0;
}
