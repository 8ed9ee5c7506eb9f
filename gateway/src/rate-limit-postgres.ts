/**
 * Rate-limit counters in PostgreSQL (RATE_LIMIT_DATABASE_URL), shared by every gateway instance:
 * one row per key and window in `gateway.gateway_rate_limits`, counted by a single upsert that
 * starts a new window once the old one has passed (the database's clock decides, so instances
 * with skewed clocks agree). The table is UNLOGGED: counters are worth no WAL, and a crash only
 * resets them.
 *
 * The gateway creates the schema and table itself on first use, under an advisory lock (several
 * instances starting together do not race on the catalog). While PostgreSQL cannot be reached
 * or answers slowly, each instance counts in its own memory (fail open, still limited) and tries
 * the database again after a pause. Expired rows are deleted once a minute.
 */
import { createPool } from '@miw/db';
import type { Logger } from '@miw/logging';
import { memoryRateLimiter, type RateLimiter } from './rate-limit';

const TABLE = 'gateway.gateway_rate_limits';

const CREATE = [
  `SELECT pg_advisory_xact_lock(hashtext('${TABLE}'))`,
  `CREATE SCHEMA IF NOT EXISTS gateway`,
  `CREATE UNLOGGED TABLE IF NOT EXISTS ${TABLE} (
     key text PRIMARY KEY,
     hits integer NOT NULL,
     expires_at timestamptz NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS gateway_rate_limits_expires_at_idx ON ${TABLE} (expires_at)`,
];

/** Counts one hit; a window that has passed starts again at 1. Answers the count and the ms left. */
const HIT = `
  INSERT INTO ${TABLE} AS r (key, hits, expires_at)
  VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.expires_at <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
    expires_at = CASE WHEN r.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at ELSE r.expires_at END
  RETURNING hits, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000))::int AS ms_left`;

const PURGE = `DELETE FROM ${TABLE} WHERE expires_at < clock_timestamp() - interval '1 minute'`;

export interface PostgresRateLimiterOptions {
  logger?: Logger;
  /** How long one count may take before the request is counted in memory instead (default 500 ms). */
  timeoutMs?: number;
  /** After a failure, how long counts stay in memory before the database is tried again (default 5 s). */
  retryAfterMs?: number;
  /** How often expired rows are deleted (default 60 s). */
  purgeEveryMs?: number;
}

class Timeout extends Error {}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export function postgresRateLimiter(url: string, options: PostgresRateLimiterOptions = {}): RateLimiter {
  const { logger, timeoutMs = 500, retryAfterMs = 5_000, purgeEveryMs = 60_000 } = options;
  const pool = createPool({ url, max: 10, name: 'gateway-rate-limits' });
  const insurance = memoryRateLimiter();
  let ready: Promise<void> | undefined;
  let downUntil = 0;

  const createTable = async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const statement of CREATE) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const ensureTable = () => (ready ??= createTable().catch((error: unknown) => ((ready = undefined), Promise.reject(error))));

  // Created at once (not in the first request's time); a failure is retried by the next count.
  void ensureTable().catch(() => undefined);
  const count = async (key: string, windowSeconds: number) => {
    await within(ensureTable(), Math.max(timeoutMs, 2_000));
    const query = pool.query<{ hits: number; ms_left: number }>({ name: 'gateway-rate-limit-hit', text: HIT, values: [`${windowSeconds}s:${key}`, windowSeconds] });
    return (await within(query, timeoutMs)).rows[0]!;
  };

  const purge = setInterval(() => {
    if (Date.now() >= downUntil && ready) void pool.query(PURGE).catch(() => undefined);
  }, purgeEveryMs);
  purge.unref();

  return {
    async hit(key, limit, windowSeconds) {
      if (Date.now() < downUntil) return insurance.hit(key, limit, windowSeconds);
      try {
        const { hits, ms_left } = await count(key, windowSeconds);
        return { allowed: hits <= limit, remaining: Math.max(0, limit - hits), retryAfterSeconds: Math.max(1, Math.ceil(ms_left / 1000)) };
      } catch (error) {
        if (Date.now() >= downUntil) logger?.warn({ err: error }, `rate-limit counters: PostgreSQL unavailable, counting in memory for ${retryAfterMs / 1000} s`);
        downUntil = Date.now() + retryAfterMs;
        return insurance.hit(key, limit, windowSeconds);
      }
    },
    async close() {
      clearInterval(purge);
      await insurance.close();
      await pool.end();
    },
  };
}
