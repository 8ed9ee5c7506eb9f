/**
 * The signing key set of access tokens (ES256). One JSON file holds the private keys; every key
 * verifies, and the key that signs is chosen at signing time: the one whose activation time
 * (`activatesAt`, an ISO instant kept beside the JWK members) passed most recently. A key without
 * one counts as active since ever, so a file of plain JWKs behaves as before (the last key signs).
 *
 * Staged rotation (`npm run keys -- rotate`, docs/operations.md): a new key is added with an
 * activation time in the future. It is published at once (JWKS, and every service that reloads the
 * file verifies with it) but signs only from its activation, so no verifier meets a token signed
 * by a key it does not know yet. Older keys keep verifying until `retire` removes those superseded
 * longer ago than the access-token lifetime. Both regions load the same set.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';

export const ACCESS_TOKEN_ALG = 'ES256';

export interface KeySet {
  /** The key signing new tokens now (absent in a verify-only set, e.g. the gateway's): chosen by activation time on every read. */
  readonly signing?: { kid: string; key: KeyLike };
  /** kid -> public key. */
  verify: Map<string, KeyLike>;
  /** The public JWKS document. */
  jwks: { keys: JWK[] };
}

/** A private JWK of the file, with the activation time the key tool gives it. */
export type StoredKey = JWK & { activatesAt?: string };

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

export async function newPrivateJwk(kid = `k${Date.now().toString(36)}`): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: ACCESS_TOKEN_ALG, use: 'sig' };
}

/** When a key starts signing (ms); a key without an activation time has always been active. */
export const activationOf = (key: { activatesAt?: string | undefined }): number => (key.activatesAt ? Date.parse(key.activatesAt) : Number.NEGATIVE_INFINITY);

/**
 * The key that signs at `now`: among keys already active, the one activated last (the later in
 * the file on a tie). Before any key is active (a clock far behind), the earliest one signs.
 */
export function signingKeyAt<K extends { activatesAt?: string | undefined }>(keys: K[], now: number): K | undefined {
  let best: K | undefined;
  for (const k of keys) if (activationOf(k) <= now && (!best || activationOf(k) >= activationOf(best))) best = k;
  return best ?? [...keys].sort((a, b) => activationOf(a) - activationOf(b))[0];
}

export async function loadKeySet(jwks: { keys: StoredKey[] }): Promise<KeySet> {
  const keys = jwks.keys.filter((k) => k.kty === 'EC' && k.crv === 'P-256' && k.kid);
  if (keys.length === 0) throw new Error('the key set holds no ES256 (EC P-256) key with a kid');
  for (const k of keys) if (k.activatesAt !== undefined && Number.isNaN(Date.parse(k.activatesAt))) throw new Error(`key ${k.kid} has an unreadable activatesAt`);
  const publicJwks = keys.map((k) => {
    const pub: JWK & { activatesAt?: string } = { ...k, alg: ACCESS_TOKEN_ALG, use: 'sig' };
    for (const f of PRIVATE_FIELDS) delete pub[f];
    delete pub.activatesAt;
    return pub as JWK;
  });
  const verify = new Map<string, KeyLike>();
  for (const k of publicJwks) verify.set(k.kid!, (await importJWK(k, ACCESS_TOKEN_ALG)) as KeyLike);
  const signers = await Promise.all(
    keys.filter((k) => k.d).map(async (k) => ({ kid: k.kid!, activatesAt: k.activatesAt, key: (await importJWK(stripTool(k), ACCESS_TOKEN_ALG)) as KeyLike })),
  );
  const set: KeySet = { verify, jwks: { keys: publicJwks } };
  if (signers.length === 0) return set;
  return Object.defineProperty(set, 'signing', {
    enumerable: true,
    get: () => {
      const chosen = signingKeyAt(signers, Date.now())!;
      return { kid: chosen.kid, key: chosen.key };
    },
  });
}

/** The JWK without the key tool's members (jose imports plain JWKs). */
function stripTool(key: StoredKey): JWK {
  const { activatesAt: _activation, ...jwk } = key;
  return jwk;
}

function readKeyFile(file: string): { keys: StoredKey[] } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { keys: StoredKey[] };
  } catch (error) {
    throw new Error(`cannot read the key set ${file}: ${(error as Error).message}`);
  }
}

export async function loadKeySetFile(file: string): Promise<KeySet> {
  return loadKeySet(readKeyFile(file));
}

/** A key set that follows its file: `reload()` swaps in the file's keys when it changed. */
export interface ReloadingKeySet extends KeySet {
  /** Reads the file again if its modification time changed; true when the keys changed. */
  reload(): Promise<boolean>;
  /** Stops the periodic check. */
  stop(): void;
}

/**
 * A key set loaded from `file` and reloaded every `intervalMs` (default 60 s) and on SIGHUP, so a
 * key added by the key tool is verified (and published) by every running service within a
 * minute, without a restart. A file that fails to load keeps the previous keys (`onError`).
 */
export async function watchKeySetFile(file: string, { intervalMs = 60_000, onError }: { intervalMs?: number; onError?: (error: Error) => void } = {}): Promise<ReloadingKeySet> {
  let current = await loadKeySetFile(file);
  let mtime = statSync(file).mtimeMs;
  const reload = async (): Promise<boolean> => {
    try {
      const seen = statSync(file).mtimeMs;
      if (seen === mtime) return false;
      current = await loadKeySetFile(file);
      mtime = seen;
      return true;
    } catch (error) {
      onError?.(error as Error);
      return false;
    }
  };
  const timer = setInterval(() => void reload(), intervalMs);
  timer.unref();
  const onHangup = () => void reload();
  process.on('SIGHUP', onHangup);
  return {
    get signing() {
      return current.signing;
    },
    get verify() {
      return current.verify;
    },
    get jwks() {
      return current.jwks;
    },
    reload,
    stop: () => {
      clearInterval(timer);
      process.off('SIGHUP', onHangup);
    },
  };
}

/** Development only: creates a key set file with one fresh key unless it exists. */
export async function ensureDevKeySetFile(file: string): Promise<void> {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ keys: [await newPrivateJwk()] }, null, 2)}\n`, { mode: 0o600 });
}

/** The state of each key of a file at `now`, for the key tool. */
export type KeyState = 'pending' | 'signing' | 'verifying' | 'retirable';

/**
 * Pending: not active yet (published, not signing). Signing: the key signing now. Verifying: was
 * superseded less than `tokenLifetimeMs` ago (tokens it signed may still be alive). Retirable:
 * superseded longer ago, every token it signed has expired.
 */
export function keyStates(keys: StoredKey[], now: number, tokenLifetimeMs: number): { kid: string; activatesAt: string | null; state: KeyState }[] {
  const signer = signingKeyAt(keys, now);
  return keys.map((k) => {
    const base = { kid: k.kid!, activatesAt: k.activatesAt ?? null };
    if (k === signer) return { ...base, state: 'signing' };
    if (activationOf(k) > now) return { ...base, state: 'pending' };
    // Superseded when the next key (by activation) became active.
    const successor = keys.filter((o) => o !== k && activationOf(o) >= activationOf(k) && activationOf(o) <= now && (activationOf(o) > activationOf(k) || keys.indexOf(o) > keys.indexOf(k)));
    const supersededAt = Math.min(...successor.map(activationOf));
    // Superseded at an unknown time (two keys without activation times, a file older than the
    // tool): it may have signed a live token, so it stays until removed by hand.
    if (!Number.isFinite(supersededAt)) return { ...base, state: 'verifying' };
    return { ...base, state: now - supersededAt >= tokenLifetimeMs ? 'retirable' : 'verifying' };
  });
}
