/**
 * Fixed-window rate limits per client address and per identity, counted by rate-limiter-flexible.
 * In memory by default (one gateway instance); in Redis when REDIS_URL is set, so every gateway
 * instance shares the counts.
 */
import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer } from '@miw/auth';
import { ErrorCode } from '@miw/contracts';

interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
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
 * Counters in Redis under `prefix + key`. While Redis cannot be reached, each instance counts in
 * its own memory (rate-limiter-flexible's insurance limiter): the API stays up and still limited.
 */
export function redisRateLimiter(url: string, prefix = 'miw:ratelimit:'): RateLimiter {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', () => undefined); // answered by the insurance limiter
  // rate-limiter-flexible joins its prefix and the key with ':'.
  const keyPrefix = prefix.replace(/:$/, '');
  return limiterOf(
    (points, duration) => new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix }) }),
    // quit() lets pending commands finish; a Redis that is down only needs the reconnecting stopped.
    async () => void (redis.status === 'ready' ? await redis.quit().catch(() => undefined) : redis.disconnect()),
  );
}

/** Redis-backed when `redisUrl` is set (counts shared by every gateway instance), else in memory. */
export const rateLimiterFor = (redisUrl: string | undefined): RateLimiter => (redisUrl ? redisRateLimiter(redisUrl) : memoryRateLimiter());

/** The error of a refused request: HTTP 429 with Retry-After, and `extensions.retryAfterSeconds`. */
const rateLimitedError = (retryAfterSeconds: number, scope: string) =>
  new GraphQLError(`Too many requests (${scope}); retry in ${retryAfterSeconds} s`, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });

/** Counts one request for `key`; throws RATE_LIMITED (naming `scope`) past `limit` per `windowSeconds`. */
export async function enforceRateLimit(limiter: RateLimiter, key: string, limit: number, windowSeconds: number, scope: string): Promise<void> {
  const decision = await limiter.hit(key, limit, windowSeconds);
  if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, scope);
}

/** The per-address and per-user budgets, shared by HTTP requests and graphql-ws operations. */
export interface RequestBudget {
  limiter: RateLimiter;
  perIp: number;
  perIdentity: number;
  windowSeconds: number;
}

/** Counts one request or socket operation from `clientIp` (throws RATE_LIMITED past the budget). */
export const countAddress = (budget: RequestBudget, clientIp: string | null) => enforceRateLimit(budget.limiter, `ip:${clientIp ?? 'unknown'}`, budget.perIp, budget.windowSeconds, 'per client address');

/** Counts one request or socket operation of a signed-in viewer (anonymous: nothing to count). */
export const countUser = async (budget: RequestBudget, viewer: Viewer) => {
  if (viewer) await enforceRateLimit(budget.limiter, `user:${viewer.userId}`, budget.perIdentity, budget.windowSeconds, 'per user');
};
