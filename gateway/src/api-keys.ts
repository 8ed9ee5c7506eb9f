/**
 * `Authorization: ApiKey <key>`: the gateway asks the auth service (which holds the hashed keys)
 * and caches the answer for 30 seconds per key, so a revoked key stops within 30 seconds and a
 * busy machine client costs one lookup per half minute.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import nodeFetch from 'node-fetch';
import { INTERNAL_HEADER, signInternalToken, type UserViewer } from '@miw/auth';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export function apiKeyVerifier(authGraphqlUrl: string, internalSecret: string, agent: http.Agent) {
  const url = authGraphqlUrl.replace(/\/graphql$/, '/internal/api-keys/verify');
  const cache = new Map<string, { viewer: UserViewer | null; until: number }>();
  return async (key: string, correlationId: string): Promise<UserViewer | null> => {
    const id = createHash('sha256').update(key).digest('base64url');
    const hit = cache.get(id);
    if (hit && hit.until > Date.now()) return hit.viewer;
    const res = await nodeFetch(url, {
      method: 'POST',
      agent,
      timeout: 3000,
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: await signInternalToken(internalSecret, null, correlationId) },
      body: JSON.stringify({ key }),
    });
    if (res.status !== 200 && res.status !== 401) throw new Error(`auth service answered ${res.status}`);
    const viewer = res.status === 200 ? ((await res.json()) as { viewer: UserViewer }).viewer : null;
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(id, { viewer, until: Date.now() + (viewer ? TTL_MS : 5_000) });
    return viewer;
  };
}
