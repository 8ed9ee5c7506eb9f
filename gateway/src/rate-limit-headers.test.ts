import { rateLimitHeaders } from './rate-limit-headers';
import type { PolicyUsage } from './rate-limit';

const address: PolicyUsage = { policy: 'address', quota: 6000, windowSeconds: 60, remaining: 5990, resetSeconds: 50 };
const user: PolicyUsage = { policy: 'user', quota: 600, windowSeconds: 60, remaining: 598, resetSeconds: 42 };

describe('rateLimitHeaders', () => {
  it('lists every counted policy and reports the one with the fewest requests left', () => {
    expect(Object.fromEntries(rateLimitHeaders([address, user]))).toEqual({
      'ratelimit-policy': '"address";q=6000;w=60, "user";q=600;w=60',
      ratelimit: '"user";r=598;t=42',
    });
  });

  it('on a tie, reports the policy that frees up last', () => {
    const minute: PolicyUsage = { policy: 'key-minute', quota: 3, windowSeconds: 60, remaining: 0, resetSeconds: 20 };
    const hour: PolicyUsage = { policy: 'key-hour', quota: 10, windowSeconds: 3600, remaining: 0, resetSeconds: 3000 };
    expect(Object.fromEntries(rateLimitHeaders([address, minute, hour])).ratelimit).toBe('"key-hour";r=0;t=3000');
  });

  it('answers a single policy, and nothing when nothing was counted', () => {
    expect(rateLimitHeaders([address])).toEqual([
      ['ratelimit-policy', '"address";q=6000;w=60'],
      ['ratelimit', '"address";r=5990;t=50'],
    ]);
    expect(rateLimitHeaders([])).toEqual([]);
  });

  it('escapes quotes and backslashes in policy names (Structured Field strings)', () => {
    expect(rateLimitHeaders([{ ...user, policy: 'a"b\\c' }])[1]![1]).toBe('"a\\"b\\\\c";r=598;t=42');
  });
});
