/**
 * Inventory's hot reads (a shopper page's availability, an admin stock page's levels) straight on
 * the pg pool as named prepared statements, returning the Prisma client's row shape. A Prisma
 * `findMany` costs several times the CPU of the same read as a named statement
 * (docs/performance.md); writes and rarer reads stay on Prisma.
 */
import type { Pool } from 'pg';
import type { InventoryLevel } from './db';

/**
 * Units available per product across every store of this database (the region), never negative
 * per store. Public: read from the `stock_available` view, which row-level security does not filter.
 */
export async function readAvailability(pool: Pool, productIds: readonly string[]): Promise<{ id: string; available: number }[]> {
  const { rows } = await pool.query<{ id: string; available: number }>({
    name: 'inventory.availability',
    text: `SELECT product_id AS id, COALESCE(SUM(available), 0)::int AS available
      FROM inventory.stock_available WHERE product_id = ANY($1::uuid[]) GROUP BY product_id`,
    values: [productIds],
  });
  return rows;
}

/** The levels of many products (every store of the region), by store. */
export async function readLevelsByProducts(pool: Pool, productIds: readonly string[]): Promise<InventoryLevel[]> {
  const { rows } = await pool.query<InventoryLevel>({
    name: 'inventory.levels-by-products',
    text: `SELECT id, store_id AS "storeId", product_id AS "productId", on_hand AS "onHand", reserved, low_stock_threshold AS "lowStockThreshold",
        created_at AS "createdAt", updated_at AS "updatedAt"
      FROM inventory.inventory_level WHERE product_id = ANY($1::uuid[]) ORDER BY store_id`,
    values: [productIds],
  });
  return rows;
}
