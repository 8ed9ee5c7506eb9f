import { backoffDelay, retry } from './index';

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, without jitter', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 1_000, jitter: false }))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('draws a wait in [0, ceiling] with jitter', () => {
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(50, { maxMs: 2_000, random: () => 1 })).toBe(2_000);
  });
});

describe('retry', () => {
  it('retries until the call succeeds', async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'ok';
      },
      { baseMs: 1, onRetry: (_e, attempt) => seen.push(attempt) },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2]);
  });

  it('rethrows when retries run out or retryIf refuses', async () => {
    await expect(retry(() => Promise.reject(new Error('always')), { retries: 2, baseMs: 1 })).rejects.toThrow('always');
    let calls = 0;
    await expect(
      retry(
        () => {
          calls += 1;
          return Promise.reject(new Error('permanent'));
        },
        { baseMs: 1, retryIf: () => false },
      ),
    ).rejects.toThrow('permanent');
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = retry(() => Promise.reject(new Error('down')), { retries: Infinity, baseMs: 60_000, signal: controller.signal, onRetry: () => controller.abort() });
    await expect(pending).rejects.toThrow('down');
  });
});
