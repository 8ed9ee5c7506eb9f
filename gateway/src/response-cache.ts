/**
 * Whole-response cache for queries whose every part the subgraphs declared cacheable.
 *
 * The subgraphs put `@cacheControl` hints on their public types and fields (the catalog's
 * products, categories, stores; inventory's `availability`); each subgraph answer then carries a
 * `Cache-Control` header, and @apollo/gateway narrows the request's cache policy with every
 * subgraph fetch of the plan (the shortest max-age wins; a fetch without hints makes the whole
 * answer uncacheable). After execution, an answer without errors whose policy allows caching is
 * kept for its max-age (capped). A PRIVATE hint (data of one user) keeps nothing.
 *
 * - Key: the query's hash, operation name and variables, the viewer's audience (anonymous, or role +
 *   organization + scopes: a catalog answer differs between a shopper and an admin or a
 *   manufacturer, never between two users of the same role and organization), and the cache's
 *   generation. A hint is a subgraph's promise that the hinted data is the same for all viewers of
 *   one audience: per-user data (`me`, carts, orders) carries no hint and is never cached.
 * - Invalidation: `invalidate()` starts a new generation (the catalog change feed calls it, see
 *   ./catalog-feed.ts); an answer whose execution overlapped an invalidation is not kept.
 * - In-flight deduplication: identical cacheable queries arriving while the first one executes
 *   wait for its answer instead of executing again (a burst on a cold page runs once).
 * - Stale while revalidating: once an answer's max-age has passed, the next query executes again
 *   and, while it runs, identical queries get the previous answer (for at most `staleSeconds`
 *   more) instead of waiting: an expiry is never a queue. An invalidation drops answers outright:
 *   nothing changed by the catalog is served stale. Max-ages are shortened by up to a fifth at
 *   random, so answers stored together do not all expire together.
 * - Bounded: at most `maxEntries` answers and `maxBytes` of JSON, least recently used evicted.
 *
 * Answers say `x-cache: HIT`, `STALE` or `MISS` (absent when the cache was not consulted: a
 * mutation, or a query whose first answer the hints did not allow to share; such a query shape is
 * not looked up again, so identical per-viewer queries never wait for each other). A signed-in
 * viewer's answer is marked `private` for HTTP caches: shared caches must not serve it to others.
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextWillSendResponse, type GraphQLResponse } from '@apollo/server';
import type { Viewer } from '@miw/auth';

export interface ResponseCacheOptions {
  /** Answers kept at most (default 10,000). */
  maxEntries?: number;
  /** Bytes of answer JSON kept at most (default 64 MiB). */
  maxBytes?: number;
  /** Longest time an answer is kept, whatever the hints say (default 60 s). */
  maxAgeCapSeconds?: number;
  /** How long past its max-age an answer may be served while the same query executes again (default 5 s). */
  staleSeconds?: number;
  /** Whether it starts on (default true); see `enable`. */
  enabled?: boolean;
}

interface Entry {
  /** The answer's `data`, serialized (what is counted against maxBytes). */
  json: string;
  expiresAt: number;
  /** Until when it may still be served while a fresh answer is being made. */
  staleUntil: number;
}

export interface ResponseCache {
  plugin: ApolloServerPlugin<{ viewer: Viewer }>;
  /** Turns a cache created off on (while off, every query executes and nothing is kept). */
  enable(): void;
  /** Forgets every answer (a new generation): called when cached data may have changed. */
  invalidate(): void;
}

/** How long an identical query waits for the one executing before it executes itself. */
const INFLIGHT_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise<null>((resolve) => setTimeout(resolve, ms, null).unref());

const audienceOf = (viewer: Viewer): string => (viewer ? `${viewer.region}:${viewer.role}:${viewer.organizationId ?? ''}:${[...viewer.scopes].sort().join(',')}` : 'anonymous');

export function createResponseCache(options: ResponseCacheOptions = {}): ResponseCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const capMs = (options.maxAgeCapSeconds ?? 60) * 1000;
  const staleMs = (options.staleSeconds ?? 5) * 1000;
  const now = Date.now;
  const entries = new Map<string, Entry>();
  const inflight = new Map<string, Promise<Entry | null>>();
  /** Query shapes (hash and operation name) whose answers the hints never allow to share. */
  const uncacheable = new Set<string>();
  const remember = (shape: string) => {
    if (uncacheable.size >= maxEntries) uncacheable.clear();
    uncacheable.add(shape);
  };
  let bytes = 0;
  let generation = 0;
  let enabled = options.enabled ?? true;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.json.length;
  };
  const store = (key: string, entry: Entry) => {
    drop(key);
    if (entry.json.length > maxBytes) return;
    entries.set(key, entry);
    bytes += entry.json.length;
    // Map order is insertion order: the first keys are the least recently used.
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      drop(oldest);
    }
  };
  /** The entry of `key` if it may still be served at all (fresh or stale), as most recently used. */
  const servable = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.staleUntil <= now()) return void drop(key);
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  };
  const answer = (entry: Entry, viewer: Viewer, state: 'HIT' | 'STALE'): GraphQLResponse => {
    const response: GraphQLResponse = { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: JSON.parse(entry.json) as Record<string, unknown> } } };
    const maxAge = Math.max(0, Math.floor((entry.expiresAt - now()) / 1000));
    response.http!.headers.set('cache-control', `max-age=${maxAge}, ${viewer ? 'private' : 'public'}`);
    response.http!.headers.set('x-cache', state);
    return response;
  };

  const plugin: ApolloServerPlugin<{ viewer: Viewer }> = {
    async requestDidStart() {
      let key: string | undefined;
      let shape = '';
      let startedIn = -1;
      let settle: ((entry: Entry | null) => void) | undefined;
      let hit = false;
      return {
        async responseForOperation(ctx) {
          if (!enabled || ctx.operation.operation !== 'query' || !ctx.queryHash) return null;
          shape = `${ctx.queryHash}:${ctx.operationName ?? ''}`;
          if (uncacheable.has(shape)) return null;
          const viewer = ctx.contextValue.viewer;
          key = createHash('sha256')
            .update(JSON.stringify([generation, audienceOf(viewer), ctx.queryHash, ctx.operationName ?? '', ctx.request.variables ?? {}]))
            .digest('base64url');
          const entry = servable(key);
          const pending = inflight.get(key);
          if (entry && entry.expiresAt > now()) {
            hit = true;
            return answer(entry, viewer, 'HIT');
          }
          // Expired but servable: while the same query executes again, answer with what we have.
          if (entry && pending) {
            hit = true;
            return answer(entry, viewer, 'STALE');
          }
          const awaited = !entry && pending ? await Promise.race([pending, sleep(INFLIGHT_WAIT_MS)]) : null;
          if (awaited && awaited.expiresAt > now()) {
            hit = true;
            return answer(awaited, viewer, 'HIT');
          }
          if (!inflight.has(key)) {
            startedIn = generation;
            inflight.set(key, new Promise((resolve) => (settle = resolve)));
          }
          return null;
        },
        async willSendResponse(ctx: GraphQLRequestContextWillSendResponse<{ viewer: Viewer }>) {
          // What the subgraphs' hints allow, read before the restriction below.
          const policy = ctx.overallCachePolicy.policyIfCacheable();
          // Answers to signed-in viewers depend on their audience: never for shared HTTP caches
          // (Apollo's cache-control plugin writes the header from this policy after this hook).
          if (ctx.contextValue.viewer) ctx.overallCachePolicy.restrict({ scope: 'PRIVATE' });
          if (hit || !key) return;
          ctx.response.http.headers.set('x-cache', 'MISS');
          if (!settle) return;
          let entry: Entry | null = null;
          const body = ctx.response.body;
          // A query whose hints do not allow sharing (per-viewer data) is never looked up again:
          // identical ones from one audience must not wait for each other. (An answer with errors
          // says nothing: a failed fetch leaves no hint.)
          const clean = body.kind === 'single' && !body.singleResult.errors;
          if (clean && policy?.scope !== 'PUBLIC') remember(shape);
          if (clean && policy?.scope === 'PUBLIC' && startedIn === generation && body.kind === 'single' && body.singleResult.data) {
            const maxAgeMs = Math.min(policy.maxAge * 1000, capMs) * (0.8 + 0.2 * Math.random());
            const at = now();
            entry = { json: JSON.stringify(body.singleResult.data), expiresAt: at + maxAgeMs, staleUntil: at + maxAgeMs + Math.min(staleMs, maxAgeMs) };
            store(key, entry);
          }
          inflight.delete(key);
          settle(entry);
        },
      };
    },
  };

  const invalidate = () => {
    generation += 1;
    entries.clear();
    bytes = 0;
  };
  return {
    plugin,
    enable: () => void (enabled = true),
    invalidate,
  };
}
