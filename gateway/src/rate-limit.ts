/**
 * Fixed-window rate limits, shared by HTTP requests and graphql-ws operations:
 * - per client address (every request);
 * - per signed-in user, with a budget per role (an admin's bulk work needs more than a shopper);
 * - per API key instead of per user for machine clients: a minute and an hour budget, each key's
 *   own when auth stores one for it, else the defaults.
 * Counted in memory by default (one gateway instance); in Redis (REDIS_URL) or PostgreSQL
 * (RATE_LIMIT_DATABASE_URL, ./rate-limit-postgres.ts) so every gateway instance shares the counts.
 * Each counted policy is reported to the client in RateLimit-Policy / RateLimit headers
 * (./rate-limit-headers.ts).
 */
import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Role, Viewer } from '@miw/auth';
import { ErrorCode } from '@miw/contracts';

interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After and RateLimit's `t`). */
  retryAfterSeconds: number;
  remaining: number;
}

export interface RateLimiter {
  /** Counts one request for `key` against `limit` per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

/** A rate-limiter-flexible answer (resolved: allowed; rejected: over the limit) as a decision. */
function decisionOf(res: RateLimiterRes, allowed: boolean): RateLimitDecision {
  return { allowed, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), remaining: Math.max(0, res.remainingPoints) };
}

/**
 * A RateLimiter over rate-limiter-flexible limiters, one per (limit, window) pair (a library
 * limiter has fixed points and duration; the gateway asks with several limits).
 */
function limiterOf(build: (points: number, duration: number) => RateLimiterAbstract, close: () => Promise<void> = async () => undefined): RateLimiter {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (points: number, duration: number) => {
    const id = `${points}/${duration}`;
    let limiter = limiters.get(id);
    if (!limiter) limiters.set(id, (limiter = build(points, duration)));
    return limiter;
  };
  return {
    async hit(key, limit, windowSeconds) {
      try {
        return decisionOf(await limiterFor(limit, windowSeconds).consume(key), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decisionOf(rejection, false);
        // Fail open: a broken store must not take the API down (the limit is a protection, not a quota).
        return { allowed: true, retryAfterSeconds: 1, remaining: limit };
      }
    },
    close,
  };
}

export function memoryRateLimiter(): RateLimiter {
  return limiterOf((points, duration) => new RateLimiterMemory({ points, duration, keyPrefix: '' }));
}

/**
 * Counters in Redis under `prefix + <window>s:` + key (one counter per key and window). While Redis
 * cannot be reached, each instance counts in its own memory (rate-limiter-flexible's insurance
 * limiter): the API stays up and still limited.
 */
export function redisRateLimiter(url: string, prefix = 'miw:ratelimit:'): RateLimiter {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', () => undefined); // answered by the insurance limiter
  return limiterOf(
    // rate-limiter-flexible joins its prefix and the key with ':'.
    (points, duration) => {
      const keyPrefix = `${prefix}${duration}s`;
      return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix }) });
    },
    // quit() lets pending commands finish; a Redis that is down only needs the reconnecting stopped.
    async () => void (redis.status === 'ready' ? await redis.quit().catch(() => undefined) : redis.disconnect()),
  );
}

/** One counted policy of a request, as the RateLimit headers report it. */
export interface PolicyUsage {
  /** The policy's name in the headers: address, user, key-minute, key-hour. */
  policy: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** The error of a refused request: HTTP 429 with Retry-After, and `extensions.retryAfterSeconds`. */
const rateLimitedError = (retryAfterSeconds: number, scope: string) =>
  new GraphQLError(`Too many requests (${scope}); retry in ${retryAfterSeconds} s`, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });

/**
 * Counts one request for `key` under `policy` and records it in `usage`; throws RATE_LIMITED
 * (naming `scope`) past `limit` per `windowSeconds`.
 */
export async function enforceRateLimit(
  limiter: RateLimiter,
  { key, policy, limit, windowSeconds, scope }: { key: string; policy: string; limit: number; windowSeconds: number; scope: string },
  usage: PolicyUsage[] = [],
): Promise<void> {
  const decision = await limiter.hit(key, limit, windowSeconds);
  usage.push({ policy, quota: limit, windowSeconds, remaining: decision.allowed ? decision.remaining : 0, resetSeconds: decision.retryAfterSeconds });
  if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, scope);
}

/** An API key's budgets. */
interface ApiKeyRateLimit {
  perMinute: number;
  perHour: number;
}

/** The per-address, per-role and per-API-key budgets, shared by HTTP requests and graphql-ws operations. */
export interface RequestBudget {
  limiter: RateLimiter;
  perIp: number;
  /** Requests per signed-in user per window, by the user's role. */
  perRole: Record<Role, number>;
  windowSeconds: number;
  /** Budgets of an API key without its own (auth stores null). */
  apiKeyDefaults: ApiKeyRateLimit;
  /** The budgets auth stores for a key (each null: the default); undefined when unknown. */
  apiKeyLimits?(apiKeyId: string): { perMinute: number | null; perHour: number | null } | undefined;
}

/** Counts one request or socket operation from `clientIp` (throws RATE_LIMITED past the budget). */
export const countAddress = (budget: RequestBudget, clientIp: string | null, usage?: PolicyUsage[]) =>
  enforceRateLimit(budget.limiter, { key: `ip:${clientIp ?? 'unknown'}`, policy: 'address', limit: budget.perIp, windowSeconds: budget.windowSeconds, scope: 'per client address' }, usage);

/**
 * Counts one request or socket operation of a signed-in viewer (anonymous: nothing to count): in
 * its API key's minute and hour buckets (by key id) when it came with a key, else in its user's
 * bucket with the budget of the user's role.
 */
export async function countUser(budget: RequestBudget, viewer: Viewer, usage?: PolicyUsage[]): Promise<void> {
  if (!viewer) return;
  if (viewer.apiKeyId) {
    const own = budget.apiKeyLimits?.(viewer.apiKeyId);
    const perMinute = own?.perMinute ?? budget.apiKeyDefaults.perMinute;
    const perHour = own?.perHour ?? budget.apiKeyDefaults.perHour;
    await enforceRateLimit(budget.limiter, { key: `key:${viewer.apiKeyId}`, policy: 'key-minute', limit: perMinute, windowSeconds: 60, scope: 'per API key and minute' }, usage);
    await enforceRateLimit(budget.limiter, { key: `key:${viewer.apiKeyId}`, policy: 'key-hour', limit: perHour, windowSeconds: 3600, scope: 'per API key and hour' }, usage);
    return;
  }
  await enforceRateLimit(budget.limiter, { key: `user:${viewer.userId}`, policy: 'user', limit: budget.perRole[viewer.role], windowSeconds: budget.windowSeconds, scope: 'per user' }, usage);
}

/**
 * `ADMIN=3000,CUSTOMER=300` (RATE_LIMIT_PER_ROLE): budgets of the named roles; throws with what is
 * wrong (an unknown role, a count that is not a positive integer, a role named twice).
 */
export function parsePerRole(text: string, roles: readonly Role[]): Partial<Record<Role, number>> {
  const budgets: Partial<Record<Role, number>> = {};
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([A-Z_]+)\s*=\s*(\d{1,9})$/.exec(entry);
    if (!match) throw new Error(`"${entry}" is not ROLE=<requests per window>`);
    const role = match[1] as Role;
    if (!roles.includes(role)) throw new Error(`unknown role ${match[1]} (roles: ${roles.join(', ')})`);
    if (budgets[role] !== undefined) throw new Error(`${role} is given twice`);
    const count = Number(match[2]);
    if (count < 1) throw new Error(`${role} needs at least 1 request per window`);
    budgets[role] = count;
  }
  return budgets;
}
