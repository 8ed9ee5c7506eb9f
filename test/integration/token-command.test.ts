import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { verifyAccessToken } from '@miw/auth';
import { readTestInfra, testKeys } from '@miw/testing';

const ROOT = path.resolve(__dirname, '..', '..');
const token = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('npm', ['run', '--silent', 'token', '--', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', AUTH_KEYS_FILE: readTestInfra().authKeysFile, ...env }, encoding: 'utf8' });

describe('npm run --silent token -- <email>', () => {
  it('prints only a valid access token for a seeded user', async () => {
    const res = token(['admin@madeinworld.dev']);
    expect(res.status).toBe(0);
    const printed = res.stdout.trim();
    expect(printed.split('\n')).toHaveLength(1);
    await expect(verifyAccessToken(await testKeys(), printed)).resolves.toMatchObject({ role: 'ADMIN', userId: '05e20000-0000-4000-8000-000000000001' });
  });

  it('refuses unknown users and production', () => {
    const unknown = token(['nobody@example.com']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('admin@madeinworld.dev');
    const production = token(['admin@madeinworld.dev'], { NODE_ENV: 'production' });
    expect(production.status).not.toBe(0);
    expect(production.stdout).toBe('');
    expect(production.stderr).toContain('NODE_ENV=production');
  });
});
