/**
 * When to try again: exponential backoff with full jitter (a random wait between 0 and
 * min(max, base * 2^attempt)), so that many clients dropped at once by a gateway restart do not
 * come back in lockstep; and which WebSocket close codes and stream errors are worth a retry
 * (docs/subscriptions.md, "Close codes").
 */

export interface BackoffOptions {
  /** Ceiling of the first wait, in ms (default 500). */
  baseMs?: number;
  /** Largest ceiling, in ms (default 30 000). */
  maxMs?: number;
}

const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 500, maxMs: 30_000 };

/** The wait before retry number `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, { baseMs = DEFAULT_BACKOFF.baseMs, maxMs = DEFAULT_BACKOFF.maxMs }: BackoffOptions = {}, random: () => number = Math.random): number {
  // 2^attempt overflows to Infinity for large attempts; min() keeps the ceiling finite.
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Close codes after which reconnecting cannot help (the same request would be refused again):
 * a refused or revoked credential (4403), an oversized or malformed message, a protocol mistake,
 * and too many operations (4429: the gateway asks not to resubscribe in a loop).
 */
const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([1002, 1003, 1007, 1008, 1009, 1010, 1011, 4400, 4401, 4403, 4406, 4409, 4429, 4500]);

export const isFatalCloseCode = (code: number): boolean => FATAL_CLOSE_CODES.has(code);

/** The error code a stream ends with when its socket closed for good with `code`. */
export function closeCodeError(code: number): string {
  if (code === 4403) return 'UNAUTHENTICATED';
  if (code === 4429) return 'RATE_LIMITED';
  if (code === 1009 || code === 4400 || code === 4401 || code === 4406 || code === 4409) return 'BAD_REQUEST';
  return 'NETWORK_ERROR';
}

/**
 * Stream errors that end one subscription but not the connection: the gateway lost its upstream
 * (SUBSCRIPTION_UPSTREAM_ERROR) or is starting or stopping (SERVICE_UNAVAILABLE). Subscribing
 * again fixes them.
 */
const RETRYABLE_STREAM_CODES: ReadonlySet<string> = new Set(['SUBSCRIPTION_UPSTREAM_ERROR', 'SERVICE_UNAVAILABLE']);

export const isRetryableStreamError = (codes: readonly string[]): boolean => codes.length > 0 && codes.every((c) => RETRYABLE_STREAM_CODES.has(c));
