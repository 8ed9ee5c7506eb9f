/**
 * How the worker waits instead of skipping: transient failures (database or broker down) retry
 * with backoff for as long as it takes; an event failing for another reason is retried a few times
 * on its own before it is given up as poison. All waits use @miw/retry and end at once on stop.
 */
import { retry } from '@miw/retry';
import type { Decoded, Poison } from './decode';
import { classifyFailure } from './policy';

/** Thrown instead of retrying further when the worker stops: the batch is not committed, Kafka delivers it again. */
export class Stopping extends Error {
  override name = 'Stopping';
}

export interface RetryPolicy {
  /** Aborted when the worker stops. */
  signal: AbortSignal;
  maxBackoffMs: number;
  /** Called before each wait after a transient failure. */
  onTransient?(error: unknown, attempt: number, waitMs: number): void;
}

/** Runs `fn` until it succeeds or fails permanently (that error is thrown); transient failures wait and retry. */
export async function untilDone<T>(fn: () => Promise<T>, { signal, maxBackoffMs, onTransient }: RetryPolicy): Promise<T> {
  if (signal.aborted) throw new Stopping('stopping');
  try {
    return await retry(fn, { retries: Infinity, baseMs: 100, maxMs: maxBackoffMs, retryIf: (error) => classifyFailure(error) === 'transient', onRetry: onTransient, signal });
  } catch (error) {
    if (signal.aborted) throw new Stopping('stopping');
    throw error;
  }
}

/**
 * Applies each event alone (after its batch failed), so a poison message is isolated: one whose
 * `apply` fails `attempts` times becomes a Poison (APPLY_FAILED) and the others still apply.
 */
export async function applyOneByOne(items: Decoded[], apply: (item: Decoded) => Promise<unknown>, attempts: number, { signal, maxBackoffMs }: RetryPolicy): Promise<Poison[]> {
  const poison: Poison[] = [];
  for (const item of items) {
    try {
      await retry(() => apply(item), { retries: attempts - 1, baseMs: 200, maxMs: maxBackoffMs, retryIf: (error) => !(error instanceof Stopping), signal });
    } catch (failure) {
      if (failure instanceof Stopping || signal.aborted) throw failure instanceof Stopping ? failure : new Stopping('stopping');
      poison.push({ message: item.message, eventId: item.event.eventId, reason: 'APPLY_FAILED', error: failure instanceof Error ? failure.message : String(failure), attempts });
    }
  }
  return poison;
}

/** Runs `fn` while keeping the consumer's group membership alive (a heartbeat every `everyMs`). */
export async function withHeartbeat<T>(heartbeat: () => Promise<void>, fn: () => Promise<T>, everyMs = 500): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), everyMs);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
