/**
 * Drives `inventoryLevelChanged` in the gateway's subscription tests without the catalog
 * projection the real `adjustInventory` mutation needs (stores and products known to inventory):
 * changes a stock level and writes its `inventory.inventory_level.changed` event to the outbox in
 * ONE transaction, built through its event contract (`inventoryLevelEvents` of @miw/contracts);
 * the subgraph's relay publishes it to Kafka. The mutation-driven path is covered by
 * subscriptions-supply-chain.test.ts and the end-to-end test.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction, writeOutbox } from '@miw/events';
import { inventoryLevelEvents, type LevelPayload, type RegionCode } from '@miw/contracts';
import { upsertStoreFact } from '@miw/subgraph-inventory/projection';

export interface LevelChange {
  storeId: string;
  productId: string;
  delta: number;
  /** Organizations allowed to see the event besides admins. */
  organizationIds: string[];
  region?: RegionCode;
}

/** The level fields of the event payload (without movement and audience). */
export type LevelSnapshot = Omit<LevelPayload, 'movement' | 'audience'>;

export function commitLevelChange(pool: Pool, change: LevelChange): Promise<LevelSnapshot> {
  const region = change.region ?? 'eu';
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; on_hand: number; reserved: number; low_stock_threshold: number; updated_at: Date }>(
      `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
       VALUES ($1, $2, $3, GREATEST($4, 0), 0, 5, clock_timestamp())
       ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = GREATEST(inventory.inventory_level.on_hand + $4, 0), updated_at = clock_timestamp()
       RETURNING id, on_hand, reserved, low_stock_threshold, updated_at`,
      [randomUUID(), change.storeId, change.productId, change.delta],
    );
    const row = rows[0]!;
    const snapshot: LevelSnapshot = {
      id: row.id,
      storeId: change.storeId,
      productId: change.productId,
      onHand: row.on_hand,
      reserved: row.reserved,
      available: row.on_hand - row.reserved,
      lowStockThreshold: row.low_stock_threshold,
      lowStock: row.on_hand - row.reserved <= row.low_stock_threshold,
      updatedAt: row.updated_at.toISOString(),
    };
    const correlationId = randomUUID();
    // The movement is described, not stored: subscribers read the level, never its movement row.
    const movement = { id: randomUUID(), delta: change.delta, reason: 'ADJUSTED' as const, actorId: null, correlationId, note: null, shipmentId: null, createdAt: snapshot.updatedAt };
    const event = inventoryLevelEvents.message('changed', {
      entityId: row.id,
      originRegion: region,
      entityUpdatedAt: row.updated_at,
      correlationId,
      payload: { ...snapshot, movement, audience: { organizationIds: change.organizationIds } },
    });
    // The project's outbox writer (insert + NOTIFY), over this pg client.
    await writeOutbox({ $executeRawUnsafe: async (query, ...values) => (await client.query(query, values)).rowCount ?? 0 }, 'inventory', [event]);
    return snapshot;
  });
}

/**
 * Makes a store known to the inventory's catalog projection, through the projection's own upsert
 * (as a catalog event would): partners may watch only stores the projection says they run.
 */
export async function projectStore(pool: Pool, store: { id: string; partnerOrganizationId: string; region?: RegionCode }): Promise<void> {
  const client = await pool.connect();
  try {
    await upsertStoreFact(client, { id: store.id, region: store.region ?? 'eu', partnerOrganizationId: store.partnerOrganizationId, deletedAt: null, updatedAt: new Date().toISOString() });
  } finally {
    client.release();
  }
}
