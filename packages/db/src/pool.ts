/**
 * PostgreSQL connections. Every service gets one pg.Pool; Prisma runs on top of it through the
 * pg driver adapter, so raw SQL (outbox relay, inbox) and Prisma share the same connections.
 */
import pg from 'pg';

export interface PoolOptions {
  url: string;
  max?: number;
  /** application_name shown in pg_stat_activity. */
  name?: string;
  /** Called with the SQL text of every statement sent (tests count statements with it). */
  onQuery?: (sql: string) => void;
}

export function createPool({ url, max = 10, name, onQuery }: PoolOptions): pg.Pool {
  const options: pg.PoolConfig = {
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    ...(name ? { application_name: name } : {}),
  };
  if (onQuery) options.Client = countingClient(onQuery);
  const pool = new pg.Pool(options);
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  return pool;
}

function countingClient(onQuery: (sql: string) => void): typeof pg.Client {
  return class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : first?.text;
      if (text) onQuery(text);
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  };
}

/** Replaces the database name of a postgresql:// URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Creates `database` on the server of `url` unless it exists (safe under concurrent callers). */
export async function ensureDatabase(url: string, database: string): Promise<boolean> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`invalid database name ${database}`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '42P04' || (error as { code?: string }).code === '23505') return false;
      throw error;
    }
  } finally {
    await admin.end();
  }
}

/** Drops `database`, disconnecting its sessions first (tests and resets only). */
export async function dropDatabase(url: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`invalid database name ${database}`);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
