import { GraphQLError } from 'graphql';
import type { Role } from '@miw/auth';
import { countUser, enforceRateLimit, memoryRateLimiter, parsePerRole, redisRateLimiter, type PolicyUsage, type RequestBudget } from './rate-limit';

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
    const bucket = { key: 'ip:x', policy: 'address', limit: 1, windowSeconds: 10, scope: 'per client address' };
    const usage: PolicyUsage[] = [];
    await enforceRateLimit(limiter, bucket, usage);
    const error = (await enforceRateLimit(limiter, bucket, usage).catch((e: unknown) => e)) as GraphQLError;
    expect(usage.map((u) => [u.policy, u.quota, u.windowSeconds, u.remaining])).toEqual([
      ['address', 1, 10, 0],
      ['address', 1, 10, 0],
    ]);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toMatch(/^Too many requests \(per client address\); retry in \d+ s$/);
    const { code, retryAfterSeconds, http } = error.extensions as { code: string; retryAfterSeconds: number; http: { status: number; headers: Map<string, string> } };
    expect(code).toBe('RATE_LIMITED');
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe(String(retryAfterSeconds));
  });
});

describe('countUser', () => {
  const perRole: Record<Role, number> = { CUSTOMER: 1, PARTNER: 2, MANUFACTURER: 2, LOGISTICS: 2, ADMIN: 5 };
  const budget = (limits?: RequestBudget['apiKeyLimits']): RequestBudget => ({
    limiter: memoryRateLimiter(),
    perIp: 100,
    perRole,
    windowSeconds: 60,
    apiKeyDefaults: { perMinute: 2, perHour: 3 },
    ...(limits ? { apiKeyLimits: limits } : {}),
  });
  const viewer = (role: Role, apiKeyId?: string) => ({ kind: 'user' as const, userId: 'u1', role, organizationId: null, region: 'eu' as const, scopes: [], ...(apiKeyId ? { apiKeyId } : {}) });
  const codeOf = (p: Promise<void>) => p.then(() => 'ok', (e: GraphQLError) => String(e.extensions.code));

  it('gives each role its own budget per user', async () => {
    const b = budget();
    expect([await codeOf(countUser(b, viewer('CUSTOMER'))), await codeOf(countUser(b, viewer('CUSTOMER')))]).toEqual(['ok', 'RATE_LIMITED']);
    const admin = budget();
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(countUser(admin, { ...viewer('ADMIN'), userId: 'admin' })));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
  });

  it('counts API keys by key id, per minute and per hour, with their own limits or the defaults', async () => {
    const b = budget((id) => (id === 'k-custom' ? { perMinute: 1, perHour: null } : undefined));
    const usage: PolicyUsage[] = [];
    await countUser(b, viewer('PARTNER', 'k-default'), usage);
    expect(usage.map((u) => `${u.policy}:${u.quota}/${u.windowSeconds}:${u.remaining}`)).toEqual(['key-minute:2/60:1', 'key-hour:3/3600:2']);
    expect(await codeOf(countUser(b, viewer('PARTNER', 'k-custom')))).toBe('ok');
    expect(await codeOf(countUser(b, viewer('PARTNER', 'k-custom')))).toBe('RATE_LIMITED');
    // Same user, another key, and the user's own bucket: untouched.
    expect(await codeOf(countUser(b, viewer('PARTNER', 'k-default')))).toBe('ok');
    expect(await codeOf(countUser(b, viewer('PARTNER')))).toBe('ok');
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

describe('parsePerRole', () => {
  const roles = ['ADMIN', 'CUSTOMER', 'PARTNER'] as const satisfies readonly Role[];
  it('reads ROLE=count pairs', () => {
    expect(parsePerRole('ADMIN=3000, CUSTOMER=300', roles)).toEqual({ ADMIN: 3000, CUSTOMER: 300 });
    expect(parsePerRole('', roles)).toEqual({});
  });
  it.each([
    ['SHOPPER=1', /unknown role SHOPPER/],
    ['ADMIN=0', /at least 1/],
    ['ADMIN=-3', /not ROLE=/],
    ['ADMIN=1,ADMIN=2', /twice/],
    ['ADMIN', /not ROLE=/],
  ])('refuses %s', (text, message) => {
    expect(() => parsePerRole(text, roles)).toThrow(message);
  });
});
