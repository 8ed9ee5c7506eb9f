/**
 * The sync worker's own tables, in schema `sync` of the database it writes to: dead letters,
 * backfill cursors and the status read by `syncStatus`. Created by the worker itself (idempotent,
 * under an advisory lock), since no domain owns them.
 */
import type { Pool } from 'pg';
import { inTransaction, type SyncDirectionStatus } from '@miw/events';

const DDL = `
CREATE SCHEMA IF NOT EXISTS sync;
CREATE TABLE IF NOT EXISTS sync.dead_letter (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  direction       text NOT NULL,
  topic           text NOT NULL,
  "partition"     integer NOT NULL,
  "offset"        bigint NOT NULL,
  key             text,
  value           bytea,
  event_id        uuid,
  reason          text NOT NULL,
  error           text NOT NULL,
  attempts        integer NOT NULL,
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at  timestamptz NOT NULL DEFAULT now(),
  replayed_at     timestamptz,
  UNIQUE (topic, "partition", "offset")
);
CREATE INDEX IF NOT EXISTS dead_letter_pending ON sync.dead_letter (first_failed_at) WHERE replayed_at IS NULL;
CREATE TABLE IF NOT EXISTS sync.backfill_cursor (
  entity      text NOT NULL,
  from_region text NOT NULL,
  to_region   text NOT NULL,
  after_id    uuid,
  copied      bigint NOT NULL DEFAULT 0,
  total       bigint NOT NULL DEFAULT 0,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (entity, from_region, to_region)
);
CREATE TABLE IF NOT EXISTS sync.status (
  direction         text PRIMARY KEY,
  applied           bigint NOT NULL,
  stale             bigint NOT NULL,
  duplicate         bigint NOT NULL,
  dead_lettered     bigint NOT NULL,
  last_event_id     uuid,
  last_applied_at   timestamptz,
  lag_p50_ms        double precision,
  lag_p99_ms        double precision,
  events_per_second double precision NOT NULL,
  updated_at        timestamptz NOT NULL
);`;

/**
 * The worker's role (`miw_sync`, created by the auth and catalog migrations) may use these
 * tables; it cannot create them (no CREATE on the database), so the worker's owner connection
 * runs this DDL at start and the role's connections find everything in place.
 */
const GRANTS = `
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'miw_sync') THEN
    GRANT USAGE ON SCHEMA sync TO miw_sync;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA sync TO miw_sync;
  END IF;
END $$;`;

const READY = `SELECT to_regclass('sync.dead_letter') IS NOT NULL AND to_regclass('sync.dead_letter_pending') IS NOT NULL
  AND to_regclass('sync.backfill_cursor') IS NOT NULL AND to_regclass('sync.status') IS NOT NULL AS ready`;

/**
 * Creates the worker's tables unless they all exist (so a connection without CREATE rights, the
 * worker's role, passes once the owner created them), and grants them to the worker's role.
 */
export async function ensureSyncSchema(pool: Pool, { force = false }: { force?: boolean } = {}): Promise<void> {
  if (!force && (await pool.query<{ ready: boolean }>(READY)).rows[0]?.ready) return;
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('sync.schema'))`);
    await client.query(DDL);
    await client.query(GRANTS);
  });
}

export interface DeadLetter {
  id: string;
  direction: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  eventId: string | null;
  reason: string;
  error: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  replayedAt: Date | null;
}

export type NewDeadLetter = Pick<DeadLetter, 'direction' | 'topic' | 'partition' | 'offset' | 'key' | 'value' | 'eventId' | 'reason' | 'error' | 'attempts'>;

const SELECT_DEAD = `SELECT id, direction, topic, "partition", "offset"::text AS "offset", key, value, event_id AS "eventId", reason, error, attempts,
  first_failed_at AS "firstFailedAt", last_failed_at AS "lastFailedAt", replayed_at AS "replayedAt" FROM sync.dead_letter`;

/** Records a dead letter (the same message failing again updates its row). Returns the row. */
export async function recordDeadLetter(pool: Pool, d: NewDeadLetter): Promise<DeadLetter> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO sync.dead_letter (direction, topic, "partition", "offset", key, value, event_id, reason, error, attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (topic, "partition", "offset") DO UPDATE
       SET reason = EXCLUDED.reason, error = EXCLUDED.error, attempts = sync.dead_letter.attempts + EXCLUDED.attempts,
           last_failed_at = now(), replayed_at = NULL
     RETURNING id`,
    [d.direction, d.topic, d.partition, d.offset, d.key, d.value, d.eventId, d.reason, d.error.slice(0, 2000), d.attempts],
  );
  return (await listDeadLetters(pool, { id: rows[0]!.id, includeReplayed: true }))[0]!;
}

export async function listDeadLetters(pool: Pool, { id, includeReplayed = false, limit = 1000 }: { id?: string; includeReplayed?: boolean; limit?: number } = {}): Promise<DeadLetter[]> {
  const { rows } = await pool.query<DeadLetter>(
    `${SELECT_DEAD} WHERE ($1::uuid IS NULL OR id = $1::uuid) AND ($2 OR replayed_at IS NULL) ORDER BY first_failed_at, id LIMIT $3`,
    [id ?? null, includeReplayed, limit],
  );
  return rows;
}

export async function markReplayed(pool: Pool, id: string): Promise<void> {
  await pool.query(`UPDATE sync.dead_letter SET replayed_at = now() WHERE id = $1`, [id]);
}

export async function recordReplayFailure(pool: Pool, id: string, error: string): Promise<void> {
  await pool.query(`UPDATE sync.dead_letter SET error = $2, attempts = attempts + 1, last_failed_at = now() WHERE id = $1`, [id, error.slice(0, 2000)]);
}

export async function pendingDeadLetters(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM sync.dead_letter WHERE replayed_at IS NULL`);
  return rows[0]!.n;
}

export type DirectionStatus = SyncDirectionStatus & { updatedAt: Date };

export async function saveStatus(pool: Pool, s: Omit<DirectionStatus, 'updatedAt'>): Promise<void> {
  await pool.query(
    `INSERT INTO sync.status (direction, applied, stale, duplicate, dead_lettered, last_event_id, last_applied_at, lag_p50_ms, lag_p99_ms, events_per_second, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
     ON CONFLICT (direction) DO UPDATE SET applied = EXCLUDED.applied, stale = EXCLUDED.stale, duplicate = EXCLUDED.duplicate,
       dead_lettered = EXCLUDED.dead_lettered, last_event_id = EXCLUDED.last_event_id, last_applied_at = EXCLUDED.last_applied_at,
       lag_p50_ms = EXCLUDED.lag_p50_ms, lag_p99_ms = EXCLUDED.lag_p99_ms, events_per_second = EXCLUDED.events_per_second, updated_at = now()`,
    [s.direction, s.applied, s.stale, s.duplicate, s.deadLettered, s.lastEventId, s.lastAppliedAt, s.lagP50Ms, s.lagP99Ms, s.eventsPerSecond],
  );
}
