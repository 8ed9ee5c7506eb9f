/**
 * PostgreSQL connections. Every service gets one pg.Pool; Prisma runs on top of it through the
 * pg driver adapter, so raw SQL (outbox relay, inbox) and Prisma share the same connections.
 *
 * A service's pool runs as the domain's database role (`role`, e.g. `miw_inventory`): not the
 * owner of the tables and not a superuser, so the row-level security policies of the tenant
 * tables apply to it. A scoped pool (`scoped`) also tells PostgreSQL, on every checkout, who the
 * statements run for (see ./scope.ts and docs/security.md).
 */
import pg from 'pg';
import { currentDbScope, scopeSettings } from './scope';

export interface PoolOptions {
  url: string;
  max?: number;
  /** application_name shown in pg_stat_activity. */
  name?: string;
  /**
   * Called with the SQL text of every statement the application sends (tests count statements
   * with it). The pool's own role and scope statements are not reported.
   */
  onQuery?: (sql: string) => void;
  /**
   * The database role the connections act as: each new connection runs `SET ROLE <role>` before
   * anything else (a no-op when the URL logs in as that role). The connection is closed, and the
   * checkout fails, when the role cannot be taken: nothing runs as the login user by mistake.
   */
  role?: string;
  /** Sets `miw.user_id`, `miw.org_id` and `miw.role` from the caller's database scope on every checkout. */
  scoped?: boolean;
  /** Called with each statement's duration in seconds (the service's metrics). */
  onQueryTime?: (seconds: number) => void;
}

/** The one statement a scoped checkout sends (session-level settings, see docs/security.md). */
const SCOPE_STATEMENT = "SELECT set_config('miw.user_id', $1, false), set_config('miw.org_id', $2, false), set_config('miw.role', $3, false)";

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPool({ url, max = 10, name, onQuery, onQueryTime, role, scoped = false }: PoolOptions): pg.Pool {
  if (role !== undefined && !ROLE_NAME.test(role)) throw new Error(`invalid database role ${role}`);
  const options: pg.PoolConfig = {
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    ...(name ? { application_name: name } : {}),
  };
  if (onQuery || onQueryTime) options.Client = instrumentedClient(onQuery, onQueryTime);
  const pool = new pg.Pool(options);
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  // A checked-out client whose connection breaks (the server restarted) fails its queries, which
  // is how its user learns it; the 'error' event it also emits must not crash the process. The
  // pool discards such a client when it is released.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  if (role !== undefined || scoped) prepareCheckouts(pool, role, scoped);
  return pool;
}

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, release?: (err?: Error | boolean) => void) => void;

/**
 * Wraps the pool's `connect()`, through which pg-pool's own `query()` and Prisma's adapter also
 * check clients out: a new client first takes the role, then (scoped pools) every checkout sets
 * the scope captured in the caller's async context at the time of the call. Never in the pool's
 * 'acquire' event: a waiting request is handed a client in the context of the request releasing it.
 * Both the promise and the callback form of `connect()` are kept.
 *
 * The settings are sent unless the connection already holds exactly these values: this pool is
 * their only writer, it remembers them only when sent outside a transaction (a checkout normally
 * starts idle), and it forgets a connection's values when sending them fails, so what it
 * remembers is what the session holds. The statements of one request, which mostly get the same connection back, then
 * cost one scope statement instead of one each.
 */
function prepareCheckouts(pool: pg.Pool, role: string | undefined, scoped: boolean): void {
  const checkout = pool.connect.bind(pool) as unknown as (cb: ConnectCallback) => void;
  const withRole = new WeakSet<pg.PoolClient>();
  const held = new WeakMap<pg.PoolClient, string>();
  const prepare = (client: pg.PoolClient, settings: string[] | undefined, done: (err?: Error) => void): void => {
    if (role !== undefined && !withRole.has(client)) {
      client.query(`SET ROLE ${role}`, (err: Error | undefined) => {
        if (err) return done(err);
        withRole.add(client);
        prepare(client, settings, done);
      });
      return;
    }
    if (!settings) return done();
    const key = settings.join('\u0000');
    // A client handed over inside a transaction (a caller's bug) could roll the settings back: trust nothing then.
    const idle = client.getTransactionStatus() === 'I';
    if (idle && held.get(client) === key) return done();
    held.delete(client);
    client.query(SCOPE_STATEMENT, settings, (err: Error | undefined) => {
      if (!err && idle) held.set(client, key);
      done(err);
    });
  };
  const connect = (cb: ConnectCallback): void => {
    const settings = scoped ? scopeSettings(currentDbScope()) : undefined;
    checkout((err, client, release) => {
      if (err || !client) return cb(err, client, release);
      prepare(client, settings, (prepareError) => {
        if (!prepareError) return cb(undefined, client, release);
        // Destroy the connection: its role or scope is unknown.
        client.release(prepareError);
        cb(prepareError);
      });
    });
  };
  pool.connect = ((cb?: ConnectCallback) => {
    if (cb) return void connect(cb);
    return new Promise<pg.PoolClient>((resolve, reject) => connect((err, client) => (err || !client ? reject(err ?? new Error('no client')) : resolve(client))));
  }) as typeof pool.connect;
}

const OWN_STATEMENT = /^(SET ROLE |SELECT set_config\('miw\.user_id')/;

/**
 * A pg Client reporting what it sends: the text of each application statement (`onQuery`) and
 * each statement's duration, from send to answer (`onQueryTime`, seconds).
 */
function instrumentedClient(onQuery: ((sql: string) => void) | undefined, onQueryTime: ((seconds: number) => void) | undefined): typeof pg.Client {
  return class InstrumentedClient extends pg.Client {
    override query(...args: unknown[]): never {
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : first?.text;
      if (onQuery && text && !OWN_STATEMENT.test(text)) onQuery(text);
      const send = () => (super.query as (...a: unknown[]) => never)(...args);
      if (!onQueryTime) return send();
      const started = performance.now();
      const done = () => onQueryTime((performance.now() - started) / 1000);
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (...result: unknown[]) => (done(), (last as (...r: unknown[]) => unknown)(...result));
        return send();
      }
      const sent = send() as unknown;
      // The promise form (a submittable such as a cursor is not timed); the timing never handles the caller's rejection.
      if (sent && typeof (sent as Promise<unknown>).then === 'function') (sent as Promise<unknown>).then(done, done);
      return sent as never;
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
