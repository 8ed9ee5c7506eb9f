/**
 * The one retry and backoff helper of the project. Exponential backoff with full jitter, capped:
 * attempt 1 waits up to `baseMs`, attempt 2 up to 2 x `baseMs`, ... never more than `maxMs`.
 * Callers say which failures are worth another try (`retryIf`) and how to report them (`onRetry`).
 */

export interface BackoffOptions {
  /** Ceiling of the first wait. Default 100 ms. */
  baseMs?: number;
  /** Ceiling of any wait. Default 5 s. */
  maxMs?: number;
  /** Full jitter (a random wait in [0, ceiling]) spreads retrying clients; off gives the ceiling. Default on. */
  jitter?: boolean;
  random?: () => number;
}

/** How long to wait before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, { baseMs = 100, maxMs = 5_000, jitter = true, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return jitter ? Math.round(random() * ceiling) : ceiling;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface RetryOptions extends BackoffOptions {
  /** Tries after the first; Infinity retries until it succeeds or `retryIf` says no. Default 5. */
  retries?: number;
  /** False stops at once and rethrows the error. Default: every error is retried. */
  retryIf?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait (for logs and metrics). */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
  /** Aborting stops retrying: the last error is thrown. */
  signal?: AbortSignal;
}

/** Runs `fn` until it resolves; throws its last error when retries run out or `retryIf` refuses. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries = 5, retryIf = () => true, onRetry, signal } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt > retries || signal?.aborted || !retryIf(error, attempt)) throw error;
      const wait = backoffDelay(attempt, options);
      onRetry?.(error, attempt, wait);
      await sleep(wait, signal);
      if (signal?.aborted) throw error;
    }
  }
}
