import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findPostgres } from './infra';

/** Where a command beside npm start finds the databases (the embedded branch without starting a server). */
describe('findPostgres', () => {
  let tmp: string;
  let holder: net.Server;
  let busyPort: number;
  const lines: string[] = [];
  const say = (line: string) => void lines.push(line);

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'miw-find-pg-'));
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    busyPort = (holder.address() as net.AddressInfo).port; // "npm start's server is running"
  });

  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
    await rm(tmp, { recursive: true, force: true });
  });

  beforeEach(() => void (lines.length = 0));

  it('takes PG_URL_EU and PG_URL_CN when set', async () => {
    const dbs = await findPostgres(say, { PG_URL_EU: 'postgresql://a@h/eu', PG_URL_CN: 'postgresql://a@h/cn', EMBEDDED_PG_DATA: path.join(tmp, 'none') });
    expect(dbs).toMatchObject({ eu: 'postgresql://a@h/eu', cn: 'postgresql://a@h/cn', embedded: false });
  });

  it('refuses one of the two', async () => {
    await expect(findPostgres(say, { PG_URL_EU: 'postgresql://a@h/eu' })).rejects.toThrow('set both PG_URL_EU and PG_URL_CN, or neither');
  });

  it('finds nothing without URLs and without an embedded data directory', async () => {
    expect(await findPostgres(say, { EMBEDDED_PG_DATA: path.join(tmp, 'none'), EMBEDDED_PG_PORT: String(busyPort) })).toBeUndefined();
  });

  it("reaches npm start's running embedded server with the password stored in its data directory, URL-encoded", async () => {
    const dataDir = path.join(tmp, 'pg');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'PG_VERSION'), '17\n');
    await writeFile(path.join(dataDir, 'miw-superuser-password'), 'p@ss:w/rd%\n', { mode: 0o600 });
    const dbs = await findPostgres(say, { EMBEDDED_PG_DATA: dataDir, EMBEDDED_PG_PORT: String(busyPort) });
    expect(dbs).toMatchObject({
      eu: `postgresql://postgres:p%40ss%3Aw%2Frd%25@127.0.0.1:${busyPort}/madeinworld_eu`,
      cn: `postgresql://postgres:p%40ss%3Aw%2Frd%25@127.0.0.1:${busyPort}/madeinworld_cn`,
      embedded: true,
    });
    expect(new URL(dbs!.eu).password).toBe(encodeURIComponent('p@ss:w/rd%'));
    expect(lines).toEqual([`postgres: using the embedded PostgreSQL of npm start on 127.0.0.1:${busyPort} (data in ${dataDir})`]);
    expect(lines.join('\n')).not.toContain('p@ss');
  });

  it('uses the former fixed password for a data directory that has no password file yet', async () => {
    const dataDir = await mkdtemp(path.join(tmp, 'older-'));
    await writeFile(path.join(dataDir, 'PG_VERSION'), '17\n');
    const dbs = await findPostgres(say, { EMBEDDED_PG_DATA: dataDir, EMBEDDED_PG_PORT: String(busyPort) });
    expect(new URL(dbs!.cn).password).toBe('postgres');
  });
});
