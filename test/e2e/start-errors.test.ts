/** npm start's own failures: clear messages, non-zero exit, nothing left running. */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const start = (env: Record<string, string>) =>
  spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', CLIENTS: 'false', ...env }, encoding: 'utf8', timeout: 60_000 });

describe('npm start refuses to start', () => {
  it('when a port is taken, naming the port and the service', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      // The blocker holds what would be eu:catalog (EU base + 2).
      const res = start({ EU_PORT_BASE: String(port - 2), REGIONS: 'eu', PG_URL_EU: 'postgresql://nobody@127.0.0.1:1/x', PG_URL_CN: 'postgresql://nobody@127.0.0.1:1/x' });
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`port ${port} (eu:catalog) is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('in production without a key set and internal secret (never generated there)', () => {
    const res = start({ NODE_ENV: 'production', REGIONS: 'eu', EU_PORT_BASE: '47700' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('AUTH_KEYS_FILE and INTERNAL_TOKEN_SECRET');
  });

  it('in production without one secret per purpose, naming each missing one', () => {
    const res = start({ NODE_ENV: 'production', REGIONS: 'eu', EU_PORT_BASE: '47700', AUTH_KEYS_FILE: '/nonexistent/keys.json', INTERNAL_TOKEN_SECRET: 'i'.repeat(32), API_KEY_SECRET: 'a'.repeat(32) });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('missing: LOGIN_CODE_SECRET, LOGIN_CODE_SEAL_SECRET');
    expect(res.stderr).not.toContain('missing: AUTH_KEYS_FILE');
  });

  it('when the configuration is invalid, listing every problem', () => {
    const res = start({ REGIONS: 'us', EU_PORT_BASE: 'abc' });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('REGIONS');
    expect(res.stderr).toContain('EU_PORT_BASE');
  });
});
