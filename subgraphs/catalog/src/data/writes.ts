/**
 * Update and tombstone helpers shared by every catalog table. `updated_at` only moves forward:
 * GREATEST(now(), updated_at + 1 ms), hybrid-logical-clock style, so a row stamped in the future
 * by a skewed clock is still overwritten by a later write (mirrors keep the newest updated_at).
 */
import type { CatalogTx } from './db';

export type CatalogTable = 'product' | 'manufacturer' | 'category' | 'store';

/** Locks the live row `id` and advances its updated_at; the new stamp, or null when no live row has this id. */
async function stampUpdate(tx: CatalogTx, table: CatalogTable, id: string): Promise<Date | null> {
  const rows = await tx.$queryRawUnsafe<{ updated_at: Date }[]>(
    `UPDATE "catalog"."${table}" SET updated_at = GREATEST(now(), updated_at + interval '1 millisecond') WHERE id = $1::uuid AND deleted_at IS NULL RETURNING updated_at`,
    id,
  );
  return rows[0]?.updated_at ?? null;
}

/** The fields a tombstone sets: the row stays (mirrors and order history keep it), hidden from reads. */
export type Tombstone = { deletedAt: Date; updatedAt: Date };

/**
 * Stamps the live row and applies `data` (or the tombstone) with `update`; null when no live row
 * has this id (then nothing changed).
 */
export async function stampedUpdate<D extends object, R>(
  tx: CatalogTx,
  table: CatalogTable,
  id: string,
  data: D | 'tombstone',
  update: (tx: CatalogTx, id: string, data: (D & { updatedAt: Date }) | Tombstone) => Promise<R>,
): Promise<R | null> {
  const stamp = await stampUpdate(tx, table, id);
  if (!stamp) return null;
  return update(tx, id, data === 'tombstone' ? { deletedAt: stamp, updatedAt: stamp } : { ...data, updatedAt: stamp });
}
