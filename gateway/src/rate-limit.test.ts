import { GraphQLError } from 'graphql';
import { enforceRateLimit, memoryRateLimiter, redisRateLimiter } from './rate-limit';

describe('memoryRateLimiter', () => {
  it('allows `limit` hits per key and window, then refuses until the window resets', async () => {
    const limiter = memoryRateLimiter();
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit('ip:1', 3, 60));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]!.retryAfterSeconds).toBeGreaterThan(58);
    expect(decisions[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.hit('ip:2', 3, 60)).allowed).toBe(true);
  });

  it('counts each limit separately for the same key', async () => {
    const limiter = memoryRateLimiter();
    expect((await limiter.hit('user:a', 1, 60)).allowed).toBe(true);
    expect((await limiter.hit('user:a', 1, 60)).allowed).toBe(false);
    expect((await limiter.hit('user:a', 5, 30)).allowed).toBe(true);
  });
});

describe('enforceRateLimit', () => {
  it('throws RATE_LIMITED with Retry-After and extensions.retryAfterSeconds past the limit', async () => {
    const limiter = memoryRateLimiter();
    await enforceRateLimit(limiter, 'ip:x', 1, 10, 'per client address');
    const error = (await enforceRateLimit(limiter, 'ip:x', 1, 10, 'per client address').catch((e: unknown) => e)) as GraphQLError;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toMatch(/^Too many requests \(per client address\); retry in \d+ s$/);
    const { code, retryAfterSeconds, http } = error.extensions as { code: string; retryAfterSeconds: number; http: { status: number; headers: Map<string, string> } };
    expect(code).toBe('RATE_LIMITED');
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe(String(retryAfterSeconds));
  });
});

describe('redisRateLimiter', () => {
  it('keeps limiting in memory, without failing requests, while Redis cannot be reached', async () => {
    const limiter = redisRateLimiter('redis://127.0.0.1:9', `miw:unit:${Date.now()}:`);
    try {
      expect((await limiter.hit('ip:1', 1, 60)).allowed).toBe(true);
      expect((await limiter.hit('ip:1', 1, 60)).allowed).toBe(false);
    } finally {
      await limiter.close();
    }
  });
});
