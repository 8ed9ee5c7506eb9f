/**
 * `npm run sync-worker -- verify` without PG_URL_*: it finds npm start's embedded PostgreSQL (same
 * data directory, port and stored password), both while that server runs and when it must start
 * it for the command, and says clearly when there is none.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@miw/local-infra';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');

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

/** Runs the npm script as an operator would, with no PG_URL_* in its environment. */
function syncWorker(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { PG_URL_EU: _eu, PG_URL_CN: _cn, ...inherited } = process.env;
  const child = spawn('npm', ['run', '--silent', 'sync-worker', '--', ...args], { cwd: ROOT, env: { ...inherited, NODE_OPTIONS: '', NODE_ENV: 'development', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

describe('npm run sync-worker -- verify finds the embedded databases of npm start', () => {
  let tmp: string;
  let dataDir: string;
  let port: number;
  let pg: EmbeddedPostgresHandle | undefined;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'miw-sync-cli-'));
    dataDir = path.join(tmp, 'postgres');
    port = await freePort();
    pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
    for (const region of ['eu', 'cn']) {
      await ensureDatabase(pg.url, `madeinworld_${region}`);
      await migrateAll(withDatabase(pg.url, `madeinworld_${region}`), path.join(ROOT, 'prisma'), ['auth', 'catalog']);
    }
  });

  afterAll(async () => {
    await pg?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('reaches the running server with the password stored in its data directory', async () => {
    const res = await syncWorker(['verify', '--entity', 'User'], { EMBEDDED_PG_DATA: dataDir, EMBEDDED_PG_PORT: String(port) });
    expect(res.stderr).toContain(`postgres: using the embedded PostgreSQL of npm start on 127.0.0.1:${port}`);
    expect(res.stdout).toContain('regions agree');
    expect(res.status).toBe(0);
    expect(res.stderr + res.stdout).not.toContain(new URL(pg!.url).password);
  });

  it('starts the stopped server for the command and stops it again', async () => {
    await pg!.stop();
    pg = undefined;
    const res = await syncWorker(['verify', '--entity', 'Product'], { EMBEDDED_PG_DATA: dataDir, EMBEDDED_PG_PORT: String(port) });
    expect(res.stderr).toContain(`postgres: starting the embedded PostgreSQL of npm start on 127.0.0.1:${port} for this command`);
    expect(res.stdout).toContain('regions agree');
    expect(res.status).toBe(0);
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.connect({ port, host: '127.0.0.1' });
      probe.once('connect', () => (probe.destroy(), resolve(false)));
      probe.once('error', () => resolve(true));
    });
    expect(free).toBe(true);
  });

  it('says what to do when there is no database at all', async () => {
    const res = await syncWorker(['verify'], { EMBEDDED_PG_DATA: path.join(tmp, 'never-started'), EMBEDDED_PG_PORT: String(port) });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('sync-worker: no databases: set PG_URL_EU and PG_URL_CN (or --eu / --cn), or run npm start once');
  });
});
