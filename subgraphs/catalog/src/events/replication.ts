/**
 * The catalog's replicated tables, applied to this region's catalog schema by the sync worker
 * (the only writer of mirrored rows) through @miw/events' replicator: the inbox row and the
 * conditional upsert commit together, so a redelivered event changes nothing, and an older
 * snapshot never overwrites a newer one. Applied rows are not written to the outbox: a mirrored
 * change is never echoed back.
 *
 * Columns are derived, not listed: the keys of each contract's payload, typed and mapped by the
 * entity's model in prisma/catalog/schema.prisma.
 */
import path from 'node:path';
import type { Pool } from 'pg';
import { claimInboxEvent, createReplicator, inTransaction, InvalidReplicationEvent, readPrismaModels, replicatedTables, type ApplyOutcome } from '@miw/events';
import { CATALOG_CONTRACTS, type EventEnvelope } from '@miw/contracts';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'prisma', 'catalog', 'schema.prisma');
const TABLES = replicatedTables(readPrismaModels(SCHEMA_FILE), 'catalog', CATALOG_CONTRACTS);

/** The catalog's replicated tables (EU is the only writer region; see docs/sync.md). */
export const catalogReplicator = createReplicator({ schema: 'catalog', tables: TABLES, tieBreak: false });

export { InvalidReplicationEvent, type ApplyOutcome };

export const isCatalogEntity = (entity: string): boolean => entity in TABLES;

/** Applies one catalog event in `pool`'s database, with its inbox row. `consumer` names the inbox owner. */
export async function applyCatalogEvent(pool: Pool, event: EventEnvelope, consumer: string): Promise<ApplyOutcome> {
  if (!isCatalogEntity(event.entity)) throw new InvalidReplicationEvent(`unknown catalog entity ${event.entity}`);
  const params = catalogReplicator.prepare(event);
  return inTransaction(pool, async (client) => {
    if (!(await claimInboxEvent(client, 'catalog', consumer, event))) return 'duplicate';
    return (await catalogReplicator.upsert(client, event.entity, params)) ? 'applied' : 'stale';
  });
}
