/** The PostgreSQL rate-limit store against a real server: its own table, exact counts under concurrency, windows, failing open. */
import { postgresRateLimiter, type RateLimiter } from '@miw/gateway';
import { createTestDatabase, waitFor, type TestDatabase } from '@miw/testing';

describe('postgresRateLimiter', () => {
  let db: TestDatabase;
  const limiters: RateLimiter[] = [];
  const limiter = (url = db.url, options: Parameters<typeof postgresRateLimiter>[1] = { timeoutMs: 30_000 }) => {
    const l = postgresRateLimiter(url, options);
    limiters.push(l);
    return l;
  };

  beforeAll(async () => {
    db = await createTestDatabase('ratelimitpg');
  });
  afterAll(async () => {
    for (const l of limiters) await l.close();
    await db?.drop();
  });

  it('creates its table once when several instances start together, and counts exactly under concurrency', async () => {
    const instances = Array.from({ length: 5 }, () => limiter());
    const decisions = await Promise.all(Array.from({ length: 50 }, (_, i) => instances[i % 5]!.hit('ip:203.0.113.7', 30, 60)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(30);
    expect(decisions.filter((d) => d.allowed).map((d) => d.remaining).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The same key in another window is another counter.
    expect((await instances[0]!.hit('ip:203.0.113.7', 30, 3600)).remaining).toBe(29);
  });

  it('starts a new window once the old one has passed', async () => {
    const l = limiter();
    expect((await l.hit('user:window', 1, 1)).allowed).toBe(true);
    expect((await l.hit('user:window', 1, 1)).allowed).toBe(false);
    await waitFor(async () => (await l.hit('user:window', 1, 1)).allowed || undefined, { what: 'the next one-second window', intervalMs: 250 });
  });

  it('counts in memory, without failing requests, while PostgreSQL cannot be reached', async () => {
    const l = limiter('postgresql://postgres@127.0.0.1:9/none', { timeoutMs: 500, retryAfterMs: 60_000 });
    expect((await l.hit('ip:1', 2, 60)).allowed).toBe(true);
    expect((await l.hit('ip:1', 2, 60)).allowed).toBe(true);
    expect((await l.hit('ip:1', 2, 60)).allowed).toBe(false);
  });
});
