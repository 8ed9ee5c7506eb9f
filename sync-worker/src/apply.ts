/**
 * Applying events to the target database: ONE transaction for a list of events, per event an inbox
 * claim and the replicator's conditional upsert (exactly-once effect under at-least-once delivery).
 * Rows written here keep the version they carry (see prisma/auth/sql: stamp_version) and write no
 * outbox row: nothing is echoed back to its origin.
 */
import { withSpan } from '@miw/observability';
import type { Pool, PoolClient } from 'pg';
import { claimInboxEvent, type ApplyOutcome, type RowVersion } from '@miw/events';
import type { Decoded } from './decode';
import { classifyFailure } from './policy';

/** The inbox consumer name of the worker. */
const CONSUMER = 'sync-worker';

/** An event that lost against the stored version, with that version (for the conflict log). */
export interface Conflict {
  item: Decoded;
  current: RowVersion | null;
}

export interface Applied {
  /** One per event, in order. */
  outcomes: ApplyOutcome[];
  conflicts: Conflict[];
  committedAt: number;
}

export async function applyTogether(target: Pool, items: Decoded[]): Promise<Applied> {
  const client = await target.connect();
  const outcomes: ApplyOutcome[] = [];
  const conflicts: Conflict[] = [];
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('miw.replicating', 'on', true)`);
    // Each event's apply joins the trace of its change (the message's trace headers: its relay's span).
    for (const item of items) {
      outcomes.push(
        await withSpan(`apply ${item.event.entity}`, { kind: 'consumer', parent: item.message.headers, attributes: { 'miw.event.type': item.event.type, 'miw.origin_region': item.event.originRegion } }, async (span) => {
          const outcome = await applyOne(client, item, conflicts);
          span.setAttribute('miw.sync.outcome', outcome);
          return outcome;
        }),
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    // A connection that failed for a transient reason is thrown away, not reused.
    if (classifyFailure(error) === 'transient') broken = error as Error;
    else await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(broken);
  }
  return { outcomes, conflicts, committedAt: Date.now() };
}

async function applyOne(client: PoolClient, item: Decoded, conflicts: Conflict[]): Promise<ApplyOutcome> {
  const { event, route, params } = item;
  if (!(await claimInboxEvent(client, route.replicator.schema, CONSUMER, event))) return 'duplicate';
  if (await route.replicator.upsert(client, event.entity, params)) return 'applied';
  conflicts.push({ item, current: await route.replicator.currentVersion(client, event.entity, event.entityId) });
  return 'stale';
}
