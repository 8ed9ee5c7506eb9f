/**
 * Inbox: the consumer-side half of exactly-once effect. The event id is inserted in the same
 * transaction as the change it causes; a redelivered event finds its id already there and
 * changes nothing (no check-then-insert race: the primary key decides).
 */
import type { PoolClient } from 'pg';
import type { EventEnvelope } from '@miw/contracts';
import { checkSchemaName, execute, type SqlClient } from './sql';

/**
 * Records `event` in `<schema>.inbox` inside the caller's open transaction (a pg client or a Prisma
 * transaction, as `writeOutbox`).
 * Returns false when the event was already processed (the caller must then skip the change).
 */
export async function claimInboxEvent(client: SqlClient, schema: string, consumer: string, event: EventEnvelope): Promise<boolean> {
  checkSchemaName(schema);
  const inserted = await execute(
    client,
    `INSERT INTO "${schema}".inbox (event_id, consumer, type, entity_id, origin_region)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, consumer) DO NOTHING`,
    [event.eventId, consumer, event.type, event.entityId, event.originRegion],
  );
  return inserted === 1;
}

/** Runs `fn` in a transaction on a client from `pool`. */
export async function inTransaction<T>(pool: { connect(): Promise<PoolClient> }, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
