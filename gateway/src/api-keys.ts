/**
 * `Authorization: ApiKey <key>`: the gateway asks the auth service (which holds the hashed keys)
 * and caches the answer for 30 seconds per key, so a revoked key stops within 30 seconds and a
 * busy machine client costs one lookup per half minute. The answer carries the key's own rate
 * limits (null: the gateway's defaults), kept by key id for the rate limiter.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import nodeFetch from 'node-fetch';
import { INTERNAL_HEADER, signInternalToken, type UserViewer } from '@miw/auth';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/** The rate limits auth stores for a key; null: the gateway's default. */
interface StoredKeyRateLimit {
  perMinute: number | null;
  perHour: number | null;
}

interface VerifyAnswer {
  viewer: UserViewer;
  rateLimit?: StoredKeyRateLimit;
}

export function apiKeyVerifier(authGraphqlUrl: string, internalSecret: string, agent: http.Agent, ttlMs = TTL_MS) {
  const url = authGraphqlUrl.replace(/\/graphql$/, '/internal/api-keys/verify');
  const cache = new Map<string, { viewer: UserViewer | null; until: number }>();
  /** By key id (never the secret): the limits of the keys verified lately. */
  const rateLimits = new Map<string, StoredKeyRateLimit>();
  // One lookup at a time per key: the streams of one machine client re-check their key together
  // (subscriptions re-verify on events) and must not all call the auth service when the entry expires.
  const inFlight = new Map<string, Promise<UserViewer | null>>();
  const lookup = async (id: string, key: string, correlationId: string): Promise<UserViewer | null> => {
    const res = await nodeFetch(url, {
      method: 'POST',
      agent,
      timeout: 3000,
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: await signInternalToken(internalSecret, null, correlationId) },
      body: JSON.stringify({ key }),
    });
    if (res.status !== 200 && res.status !== 401) throw new Error(`auth service answered ${res.status}`);
    const answer = res.status === 200 ? ((await res.json()) as VerifyAnswer) : null;
    const viewer = answer?.viewer ?? null;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    if (rateLimits.size >= MAX_ENTRIES) rateLimits.clear();
    cache.set(id, { viewer, until: Date.now() + (viewer ? ttlMs : Math.min(ttlMs, 5_000)) });
    if (viewer?.apiKeyId) rateLimits.set(viewer.apiKeyId, answer?.rateLimit ?? { perMinute: null, perHour: null });
    return viewer;
  };
  return {
    async verify(key: string, correlationId: string): Promise<UserViewer | null> {
      const id = createHash('sha256').update(key).digest('base64url');
      const hit = cache.get(id);
      if (hit && hit.until > Date.now()) return hit.viewer;
      let pending = inFlight.get(id);
      if (!pending) {
        inFlight.set(id, (pending = lookup(id, key, correlationId).finally(() => inFlight.delete(id))));
      }
      return pending;
    },
    /** The stored limits of a key verified within the cache's lifetime (undefined: unknown, use the defaults). */
    rateLimitOf: (apiKeyId: string): StoredKeyRateLimit | undefined => rateLimits.get(apiKeyId),
  };
}
