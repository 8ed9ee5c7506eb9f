import { backoffDelay, closeCodeError, isFatalCloseCode, isRetryableStreamError } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially from the base up to the cap (the ceiling, with random() close to 1)', () => {
    const ceiling = (attempt: number) => backoffDelay(attempt, { baseMs: 100, maxMs: 1_000 }, () => 0.999_999);
    expect([0, 1, 2, 3, 4, 5].map(ceiling)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('stays finite and capped for huge attempt numbers', () => {
    expect(backoffDelay(10_000, { baseMs: 500, maxMs: 30_000 }, () => 0.5)).toBe(15_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, {}, () => 0.999_999)).toBeLessThan(30_000);
  });

  it('is full jitter: anywhere between 0 and the ceiling, never above', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000 }, () => 0)).toBe(0);
    const delays = Array.from({ length: 2_000 }, () => backoffDelay(3, { baseMs: 100, maxMs: 10_000 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    // Spread over the whole range (so clients dropped together do not come back together).
    expect(Math.min(...delays)).toBeLessThan(80);
    expect(Math.max(...delays)).toBeGreaterThan(720);
    expect(new Set(delays).size).toBeGreaterThan(400);
  });

  it('defaults to 500 ms doubling up to 30 s; a negative attempt counts as the first', () => {
    expect(backoffDelay(0, {}, () => 0.999_999)).toBe(499);
    expect(backoffDelay(-3, {}, () => 0.999_999)).toBe(499);
    expect(backoffDelay(20, {}, () => 0.999_999)).toBe(29_999);
  });
});

describe('close codes and stream errors', () => {
  it('gives up on refusals and protocol errors, retries drops and restarts', () => {
    for (const code of [4403, 4400, 4429, 1008, 1009]) expect(isFatalCloseCode(code)).toBe(true);
    for (const code of [1000, 1001, 1006, 1012, 1013, 4499]) expect(isFatalCloseCode(code)).toBe(false);
  });

  it('names the error a fatal close code ends a stream with', () => {
    expect(closeCodeError(4403)).toBe('UNAUTHENTICATED');
    expect(closeCodeError(4429)).toBe('RATE_LIMITED');
    expect(closeCodeError(1009)).toBe('BAD_REQUEST');
    expect(closeCodeError(1011)).toBe('NETWORK_ERROR');
  });

  it('resubscribes only when every error of the stream is retryable', () => {
    expect(isRetryableStreamError(['SUBSCRIPTION_UPSTREAM_ERROR'])).toBe(true);
    expect(isRetryableStreamError(['SERVICE_UNAVAILABLE', 'SUBSCRIPTION_UPSTREAM_ERROR'])).toBe(true);
    expect(isRetryableStreamError(['SERVICE_UNAVAILABLE', 'FORBIDDEN'])).toBe(false);
    expect(isRetryableStreamError([])).toBe(false);
  });
});
