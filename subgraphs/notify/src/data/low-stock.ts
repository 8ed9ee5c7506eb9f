/** Levels waiting for the low-stock digest (notify.low_stock_pending). */
import type { PoolClient } from 'pg';
import type { PendingLevel } from '../domain/digest';

/** Records a level that fell low; the event id is the key, so a redelivered event adds nothing. Answers whether it was new. */
export async function insertPendingLevel(client: PoolClient, level: PendingLevel): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO notify.low_stock_pending (event_id, store_id, product_id, available, threshold, organization_ids, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7) ON CONFLICT (event_id) DO NOTHING`,
    [level.eventId, level.storeId, level.productId, level.available, level.threshold, level.organizationIds, level.occurredAt],
  );
  return rowCount === 1;
}

/**
 * Of `organizationIds`, those that may be manufacturers: the projection says MANUFACTURER, or does
 * not know the organization yet (the digest decides again from the members' organizations).
 */
export async function possibleManufacturers(client: PoolClient, organizationIds: readonly string[]): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM unnest($1::uuid[]) AS a(id)
     WHERE NOT EXISTS (SELECT 1 FROM notify.organization_projection o WHERE o.id = a.id AND o.kind <> 'MANUFACTURER')`,
    [organizationIds],
  );
  return rows.map((r) => r.id);
}

/**
 * Locks and returns every level not digested yet, oldest first. Rows another run holds are skipped:
 * two runs never digest the same level.
 */
export async function lockUndigested(client: PoolClient, limit: number): Promise<PendingLevel[]> {
  const { rows } = await client.query<{ event_id: string; store_id: string; product_id: string; available: number; threshold: number; organization_ids: string[]; occurred_at: Date }>(
    `SELECT event_id, store_id, product_id, available, threshold, organization_ids, occurred_at FROM notify.low_stock_pending
     WHERE digested_at IS NULL ORDER BY occurred_at, event_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({ eventId: r.event_id, storeId: r.store_id, productId: r.product_id, available: r.available, threshold: r.threshold, organizationIds: r.organization_ids, occurredAt: r.occurred_at }));
}

export async function markDigested(client: PoolClient, eventIds: readonly string[]): Promise<void> {
  await client.query(`UPDATE notify.low_stock_pending SET digested_at = now() WHERE event_id = ANY($1::uuid[])`, [eventIds]);
}
