import { SignJWT, base64url } from 'jose';
import { loadKeySet, newPrivateJwk, type KeySet } from './keys';
import { seal, unseal } from './seal';
import { InvalidTokenError, signAccessToken, signInternalToken, verifyAccessToken, verifyInternalToken, DEFAULT_TOKEN_SETTINGS } from './tokens';
import type { UserViewer } from './viewer';

const viewer: UserViewer = { kind: 'user', userId: '05e20000-0000-4000-8000-000000000004', role: 'PARTNER', organizationId: '0b1e0000-0000-4000-8000-000000000003', region: 'eu', scopes: ['read'] };

describe('access tokens', () => {
  let keys: KeySet;
  let other: KeySet;
  beforeAll(async () => {
    keys = await loadKeySet({ keys: [await newPrivateJwk('old'), await newPrivateJwk('new')] });
    other = await loadKeySet({ keys: [await newPrivateJwk('new')] });
  });

  it('signs with the newest key and verifies back to the viewer', async () => {
    const { token, expiresAt } = await signAccessToken(keys, viewer);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string; alg: string };
    expect(header).toMatchObject({ kid: 'new', alg: 'ES256' });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    await expect(verifyAccessToken(keys, token)).resolves.toEqual(viewer);
  });

  it('publishes only public keys', () => {
    expect(keys.jwks.keys.map((k) => k.kid)).toEqual(['old', 'new']);
    expect(keys.jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  const forged = async (): Promise<[string, string][]> => {
    const good = (await signAccessToken(keys, viewer)).token;
    const [h, p, s] = good.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    return [
      ['alg none', `${enc({ alg: 'none', typ: 'JWT', kid: 'new' })}.${p}.`],
      ['tampered payload', `${h}.${enc({ ...payload, role: 'ADMIN' })}.${s}`],
      ['signed by another key with the same kid', (await signAccessToken(other, viewer)).token],
      ['HS256 with the public key as secret', await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: 'new' }).sign(new TextEncoder().encode(JSON.stringify(keys.jwks.keys[1])))],
      ['wrong issuer', (await signAccessToken(keys, viewer, { ...DEFAULT_TOKEN_SETTINGS, issuer: 'https://evil.example' })).token],
      ['wrong audience', (await signAccessToken(keys, viewer, { ...DEFAULT_TOKEN_SETTINGS, audience: 'other-api' })).token],
      ['expired', (await signAccessToken(keys, viewer, DEFAULT_TOKEN_SETTINGS, -10)).token],
      ['garbage', 'not.a.token'],
    ];
  };

  it('rejects forged, foreign, expired and malformed tokens', async () => {
    for (const [name, token] of await forged()) {
      await expect(verifyAccessToken(keys, token).then(() => name)).rejects.toBeInstanceOf(InvalidTokenError);
    }
  });
});

describe('internal token', () => {
  it('carries the viewer and correlation id, and only for the right secret', async () => {
    const token = await signInternalToken('s'.repeat(32), viewer, 'corr-12345678');
    await expect(verifyInternalToken('s'.repeat(32), token)).resolves.toEqual({ viewer, correlationId: 'corr-12345678', clientIp: null });
    await expect(verifyInternalToken('t'.repeat(32), token)).rejects.toBeInstanceOf(InvalidTokenError);
    const anonymous = await signInternalToken('s'.repeat(32), null, 'corr-12345678');
    await expect(verifyInternalToken('s'.repeat(32), anonymous)).resolves.toMatchObject({ viewer: null });
  });
});

describe('seal', () => {
  it('round-trips with the secret only, and detects tampering', async () => {
    const sealed = seal('a'.repeat(32), '123456');
    expect(sealed).not.toContain('123456');
    expect(unseal('a'.repeat(32), sealed)).toBe('123456');
    expect(() => unseal('b'.repeat(32), sealed)).toThrow();
    const [iv, tag, body] = sealed.split('.') as [string, string, string];
    const flipped = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => unseal('a'.repeat(32), `${iv}.${tag}.${flipped}`)).toThrow();
    expect(() => unseal('a'.repeat(32), 'garbage')).toThrow();
  });
});
