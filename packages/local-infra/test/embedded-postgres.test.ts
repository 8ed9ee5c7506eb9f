import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { embeddedPostgresPassword, embeddedPostgresUrl, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/embedded-postgres';

jest.setTimeout(120_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const state = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.[0];
      if (state === 'Z') return; // zombie: exited, not reaped (yet)
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`process ${pid} did not exit`);
}

describe('startEmbeddedPostgres', () => {
  const EXIT_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit', 'beforeExit', 'message'] as const;
  const handles: EmbeddedPostgresHandle[] = [];
  const logs: string[] = [];
  const log = (line: string): void => {
    logs.push(line);
  };
  let tmp: string;
  let dataDir: string;
  let port: number;

  const start = async (overrides: { dataDir?: string; port?: number } = {}): Promise<EmbeddedPostgresHandle> => {
    const handle = await startEmbeddedPostgres({ dataDir, port, log, fast: true, ...overrides });
    handles.push(handle);
    return handle;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'miw-embedded-pg-'));
    dataDir = path.join(tmp, 'nested', 'pgdata'); // missing parents inside a 0700 directory
    port = await freePort();
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('initialises a cluster, serves queries and stops cleanly', async () => {
    const listenersBefore = EXIT_EVENTS.map((e) => process.listenerCount(e));
    const pg = await start();
    expect(pg.port).toBe(port);
    expect(pg.url).toMatch(new RegExp(`^postgresql://postgres:[^@]+@127\\.0\\.0\\.1:${port}/postgres$`));
    // no exit/signal hooks installed behind the caller's back
    expect(EXIT_EVENTS.map((e) => process.listenerCount(e))).toEqual(listenersBefore);

    const [row] = await query<{ version: string; max_connections: string; listen: string; fsync: string }>(
      pg.url,
      `select version() as version, current_setting('max_connections') as max_connections,
              current_setting('listen_addresses') as listen, current_setting('fsync') as fsync`,
    );
    expect(row?.version).toMatch(/^PostgreSQL 17\./);
    expect(row).toMatchObject({ max_connections: '300', listen: '127.0.0.1', fsync: 'off' });
    await query(pg.url, 'create database persisted_check');

    await pg.stop();
    await pg.stop(); // idempotent
    expect(await canConnect(port)).toBe(false);
    await expect(stat(path.join(dataDir, 'postmaster.pid'))).rejects.toThrow(/ENOENT/);
  });

  it('reuses the existing cluster on the next start', async () => {
    const pg = await start();
    const rows = await query<{ datname: string }>(pg.url, `select datname from pg_database where datname = 'persisted_check'`);
    expect(rows).toEqual([{ datname: 'persisted_check' }]);
    await pg.stop();
  });

  it('gives each data directory its own random password, stored inside it (0600) and in no log line', async () => {
    const pg = await start();
    try {
      const password = (await readFile(path.join(dataDir, 'miw-superuser-password'), 'utf8')).trim();
      expect(password).toMatch(/^[\w-]{32}$/);
      expect(((await stat(path.join(dataDir, 'miw-superuser-password'))).mode & 0o777).toString(8)).toBe('600');
      expect(pg.url).toBe(embeddedPostgresUrl(port, 'postgres', password));
      expect(await embeddedPostgresPassword(dataDir)).toBe(password);
      await expect(query(embeddedPostgresUrl(port, 'postgres', 'postgres'), 'select 1')).rejects.toThrow(/password authentication failed/);
      expect(logs.filter((l) => l.includes(password))).toEqual([]);
    } finally {
      await pg.stop();
    }
    expect(await embeddedPostgresPassword(path.join(tmp, 'missing'))).toBeUndefined();
  });

  it('replaces the fixed password of an older data directory on its next start', async () => {
    const older = await start();
    await query(older.url, `alter role postgres password 'postgres'`); // as clusters were created before
    await older.stop();
    await unlink(path.join(dataDir, 'miw-superuser-password'));
    expect(await embeddedPostgresPassword(dataDir)).toBe('postgres');

    const pg = await start();
    try {
      const password = (await readFile(path.join(dataDir, 'miw-superuser-password'), 'utf8')).trim();
      expect(password).not.toBe('postgres');
      expect(pg.url).toBe(embeddedPostgresUrl(port, 'postgres', password));
      expect(await query(pg.url, 'select 1 as one')).toEqual([{ one: 1 }]);
      await expect(query(embeddedPostgresUrl(port, 'postgres', 'postgres'), 'select 1')).rejects.toThrow(/password authentication failed/);
      expect(logs.some((l) => l.includes('still used the fixed password'))).toBe(true);
      expect(logs.filter((l) => l.includes(password))).toEqual([]);
    } finally {
      await pg.stop();
    }
  });

  it('initialises an existing empty directory in place', async () => {
    const emptyDir = await mkdtemp(path.join(tmp, 'empty-')); // 0700, owned by the current user
    const pg = await start({ dataDir: emptyDir, port: await freePort() });
    expect(await query(pg.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await pg.stop();
    await expect(stat(path.join(emptyDir, 'PG_VERSION'))).resolves.toBeDefined();
  });

  it('refuses a port that is already taken, naming the port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(start({ port: taken })).rejects.toThrow(new RegExp(`port ${taken}\\b.*already in use`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a data directory used by a running server', async () => {
    const pg = await start();
    try {
      await expect(start({ port: await freePort() })).rejects.toThrow(/is in use by a running PostgreSQL/);
    } finally {
      await pg.stop();
    }
  });

  it('tolerates a stale postmaster.pid left by a killed server', async () => {
    const pg = await start();
    const pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await waitUntilGone(pid);
    await pg.stop(); // already dead: resolves at once
    await expect(stat(path.join(dataDir, 'postmaster.pid'))).resolves.toBeDefined();

    const again = await start();
    const rows = await query<{ datname: string }>(again.url, `select datname from pg_database where datname = 'persisted_check'`);
    expect(rows).toHaveLength(1);
    await again.stop();
  });

  it('tolerates a stale postmaster.pid whose pid now belongs to another live process of the server user', async () => {
    // PostgreSQL itself refuses to start in this case ("Is another postmaster (PID n) running...?").
    const owner = await stat(dataDir);
    const asServerUser = process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {};
    const sleeper: ChildProcess = spawn('sleep', ['60'], { ...asServerUser, stdio: 'ignore' });
    try {
      const pg = await start();
      const pidFile = path.join(dataDir, 'postmaster.pid');
      const content = await readFile(pidFile, 'utf8');
      const pid = Number(content.split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      await waitUntilGone(pid);
      await pg.stop();
      await writeFile(pidFile, content.replace(/^\d+/, String(sleeper.pid)));

      const again = await start();
      expect(await canConnect(port)).toBe(true);
      await again.stop();
    } finally {
      sleeper.kill();
    }
  });
});
