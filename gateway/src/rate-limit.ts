/**
 * Fixed-window rate limits per client address and per identity. In memory by default (one
 * gateway instance); in Redis when REDIS_URL is set, so every gateway instance shares the counts.
 */
import Redis from 'ioredis';

export interface RateLimitDecision {
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

export function memoryRateLimiter(): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let sweeps = 0;
  return {
    async hit(key, limit, windowSeconds) {
      const now = Date.now();
      // Drop expired windows now and then, so memory stays bounded by active clients.
      if (++sweeps % 1000 === 0) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      let w = windows.get(key);
      if (!w || w.resetAt <= now) windows.set(key, (w = { count: 0, resetAt: now + windowSeconds * 1000 }));
      w.count += 1;
      return { allowed: w.count <= limit, retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)), remaining: Math.max(0, limit - w.count) };
    },
    close: async () => undefined,
  };
}

/** INCR then (first hit of a window) EXPIRE, atomically in one round trip. */
const HIT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return { n, redis.call('TTL', KEYS[1]) }`;

export function redisRateLimiter(url: string, prefix = 'miw:ratelimit:'): RateLimiter {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', () => undefined); // reported through failed hits below
  return {
    async hit(key, limit, windowSeconds) {
      try {
        const [count, ttl] = (await redis.eval(HIT, 1, prefix + key, windowSeconds)) as [number, number];
        return { allowed: count <= limit, retryAfterSeconds: Math.max(1, ttl), remaining: Math.max(0, limit - count) };
      } catch {
        // Fail open: an unreachable Redis must not take the API down (the limit is a protection, not a quota).
        return { allowed: true, retryAfterSeconds: 1, remaining: limit };
      }
    },
    close: async () => void (await redis.quit().catch(() => undefined)),
  };
}
