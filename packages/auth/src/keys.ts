/**
 * The signing key set of access tokens (ES256). One JSON file holds the private keys; the newest
 * (last) signs, every key verifies, so keys rotate by appending a new one and removing the oldest
 * after the access-token lifetime. Both regions load the same set (tokens work in either region).
 * The public part is published as JWKS by the auth service and the gateway.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

export const ACCESS_TOKEN_ALG = 'ES256';

export interface KeySet {
  /** Newest key: signs new tokens (absent in a verify-only set, e.g. the gateway's). */
  signing?: { kid: string; key: KeyLike };
  /** kid -> public key. */
  verify: Map<string, KeyLike>;
  /** The public JWKS document. */
  jwks: { keys: JWK[] };
}

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

export async function newPrivateJwk(kid = `k${Date.now().toString(36)}`): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG, use: 'sig' };
}

export async function loadKeySet(jwks: { keys: JWK[] }): Promise<KeySet> {
  const keys = jwks.keys.filter((k) => k.kty === 'EC' && k.crv === 'P-256' && k.kid);
  if (keys.length === 0) throw new Error('the key set holds no ES256 (EC P-256) key with a kid');
  const newest = keys[keys.length - 1]!;
  const publicJwks = keys.map((k) => {
    const pub: JWK = { ...k, alg: ACCESS_TOKEN_ALG, use: 'sig' };
    for (const f of PRIVATE_FIELDS) delete pub[f];
    return pub;
  });
  const verify = new Map<string, KeyLike>();
  for (const k of publicJwks) verify.set(k.kid!, (await importJWK(k, ACCESS_TOKEN_ALG)) as KeyLike);
  const signing = newest.d ? { kid: newest.kid!, key: (await importJWK(newest, ACCESS_TOKEN_ALG)) as KeyLike } : undefined;
  return { ...(signing ? { signing } : {}), verify, jwks: { keys: publicJwks } };
}

export async function loadKeySetFile(file: string): Promise<KeySet> {
  let parsed: { keys: JWK[] };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys: JWK[] };
  } catch (error) {
    throw new Error(`cannot read the key set ${file}: ${(error as Error).message}`);
  }
  return loadKeySet(parsed);
}

/** Development only: creates a key set file with one fresh key unless it exists. */
export async function ensureDevKeySetFile(file: string): Promise<void> {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ keys: [await newPrivateJwk()] }, null, 2)}\n`, { mode: 0o600 });
}
