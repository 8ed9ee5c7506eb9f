import { afterEmailFailure } from './email';

describe('email retries', () => {
  const policy = { maxAttempts: 5, maxAgeMs: 3_600_000 };
  const now = new Date('2026-11-21T10:00:00Z');
  const fresh = new Date('2026-11-21T09:59:00Z');

  it('retries a transient failure of fresh content', () => {
    expect(afterEmailFailure({ attempts: 1, createdAt: fresh, permanent: false }, policy, now)).toEqual({ give: 'retry' });
  });

  it('gives up on a permanent refusal, after the last attempt, or when the content is too old', () => {
    expect(afterEmailFailure({ attempts: 1, createdAt: fresh, permanent: true }, policy, now).give).toBe('up');
    expect(afterEmailFailure({ attempts: 5, createdAt: fresh, permanent: false }, policy, now).give).toBe('up');
    expect(afterEmailFailure({ attempts: 2, createdAt: new Date('2026-11-21T09:00:00Z'), permanent: false }, policy, now).give).toBe('up');
  });
});
