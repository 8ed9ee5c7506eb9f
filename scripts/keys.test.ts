import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKeySetFile, signAccessToken, verifyAccessToken, watchKeySetFile, type StoredKey } from '@miw/auth';
import { runKeyTool } from './lib/key-tool';

const viewer = { kind: 'user' as const, userId: '0b6f1f9e-7a53-4c1e-9d84-3f2a4c1b2e01', role: 'ADMIN' as const, organizationId: null, region: 'eu' as const, scopes: [] };
const at = (iso: string) => new Date(iso);
const kidsOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { keys: StoredKey[] }).keys.map((k) => k.kid);
const kidOfToken = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

describe('the production key tool (staged rotation)', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'keys-')), 'auth-keys.json');

  it('initialises a key set once, private to its owner', async () => {
    expect((await runKeyTool(['init', '--file', file], at('2026-01-01T00:00:00Z'))).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await runKeyTool(['init', '--file', file])).code).toBe(2);
    expect((await runKeyTool(['explode', '--file', file])).code).toBe(64);
    expect((await runKeyTool(['rotate', '--file', file, '--publish-delay', 'soon'])).code).toBe(64);
  });

  it('publishes a rotated key at once but signs with it only from its activation', async () => {
    const [first] = kidsOf(file);
    const rotated = await runKeyTool(['rotate', '--file', file, '--publish-delay', '1h'], new Date());
    expect(rotated.code).toBe(0);
    const [, second] = kidsOf(file);
    expect((await runKeyTool(['rotate', '--file', file], new Date())).code).toBe(2); // one pending key at a time

    const keys = await loadKeySetFile(file);
    expect(keys.jwks.keys.map((k) => k.kid)).toEqual([first, second]);
    expect(JSON.stringify(keys.jwks)).not.toMatch(/"d"|activatesAt/);
    const { token } = await signAccessToken(keys, viewer);
    expect(kidOfToken(token)).toBe(first);

    // An hour later the new key signs; tokens of the old one still verify.
    const later = Date.now() + 3_600_001;
    const spy = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      expect(keys.signing!.kid).toBe(second);
    } finally {
      spy.mockRestore();
    }
    await expect(verifyAccessToken(keys, token)).resolves.toMatchObject({ userId: viewer.userId });
  });

  it('retires only keys superseded longer ago than the token lifetime', async () => {
    const [first, second] = kidsOf(file);
    const activation = Date.parse((JSON.parse(readFileSync(file, 'utf8')) as { keys: StoredKey[] }).keys[1]!.activatesAt!);
    expect((await runKeyTool(['retire', '--file', file], new Date(activation + 60_000))).message).toMatch(/nothing to retire/);
    expect(kidsOf(file)).toEqual([first, second]);
    const retired = await runKeyTool(['retire', '--file', file], new Date(activation + 15 * 60_000 + 1));
    expect(retired.message).toContain(`retired ${first}`);
    expect(kidsOf(file)).toEqual([second]);
  });

  it('lets running services pick up a new key without a restart', async () => {
    const watched = await watchKeySetFile(file, { intervalMs: 3_600_000 });
    try {
      expect(await watched.reload()).toBe(false);
      await runKeyTool(['rotate', '--file', file, '--publish-delay', '1m'], new Date());
      expect(await watched.reload()).toBe(true);
      expect(watched.jwks.keys).toHaveLength(2);
    } finally {
      watched.stop();
    }
  });
});
