/**
 * One subscription as a typed async iterator. graphql-ws reconnects the socket and sends the
 * subscribe message again by itself; this layer adds what it does not do: subscribing again when
 * the server ends the stream without an error (a gateway shutting down completes every stream
 * before closing with 1001) or with a retryable error (SUBSCRIPTION_UPSTREAM_ERROR,
 * SERVICE_UNAVAILABLE), and turning refusals into a thrown PartnerApiError.
 */
import { type Client, type SubscribePayload } from 'graphql-ws';
import { type FormattedExecutionResult } from 'graphql';
import { backoffDelay, closeCodeError, isRetryableStreamError, type BackoffOptions } from './backoff';
import { isGraphQLErrorList, PartnerApiError } from './errors';
import { type PartnerStatus } from './status';

/** Events of one subscription; `return()` (or `break` in `for await`) unsubscribes. */
export interface LiveStream<T> extends AsyncIterableIterator<T> {
  return(): Promise<IteratorResult<T, undefined>>;
}

export interface StreamOptions {
  backoff: BackoffOptions;
  onStatus: (status: PartnerStatus) => void;
  /** Events waiting for the reader beyond this fail the stream (CLIENT_BUFFER_OVERFLOW). */
  maxBuffered: number;
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

function closeCodeOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  const code = (value as { code: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** The error a stream ends with, whatever graphql-ws reported (GraphQL errors, a close event, an Error). */
function streamError(reason: unknown): PartnerApiError {
  if (reason instanceof PartnerApiError) return reason;
  if (isGraphQLErrorList(reason)) return PartnerApiError.fromGraphQLErrors(reason);
  const closeCode = closeCodeOf(reason);
  if (closeCode !== undefined) {
    const text = (reason as { reason?: unknown }).reason;
    const why = typeof text === 'string' && text ? `: ${text}` : '';
    return new PartnerApiError(`the connection closed with ${closeCode}${why}`, [closeCodeError(closeCode)], { closeCode });
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  return new PartnerApiError(`the connection failed: ${message}`, ['NETWORK_ERROR'], { cause: reason });
}

export function liveStream<TData, T>(client: Client, payload: SubscribePayload, pick: (data: TData) => T, options: StreamOptions): LiveStream<T> {
  const operation = payload.operationName ?? 'subscription';
  const buffered: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T, undefined>) => void; reject: (error: PartnerApiError) => void } | undefined;
  let failure: PartnerApiError | undefined;
  let finished = false;
  let unsubscribe: (() => void) | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let attempt = 0;
  // Callbacks of an abandoned subscription (before a resubscribe) are ignored by generation.
  let generation = 0;

  /** Answers a reader waiting in next(), when there is something to answer. */
  const settle = () => {
    if (!waiting) return;
    const reader = waiting;
    if (buffered.length > 0) {
      waiting = undefined;
      reader.resolve({ done: false, value: buffered.shift()! });
    } else if (failure) {
      waiting = undefined;
      const error = failure;
      failure = undefined;
      reader.reject(error);
    } else if (finished) {
      waiting = undefined;
      reader.resolve(DONE);
    }
  };

  const stop = () => {
    finished = true;
    generation++;
    clearTimeout(retryTimer);
    unsubscribe?.();
    unsubscribe = undefined;
  };

  const fail = (error: PartnerApiError) => {
    if (finished) return;
    // Events already received are read first; then next() throws the error, once.
    failure = error;
    stop();
    settle();
  };

  const resubscribe = (reason: string) => {
    generation++;
    unsubscribe?.();
    unsubscribe = undefined;
    const delayMs = backoffDelay(attempt++, options.backoff);
    options.onStatus({ type: 'resubscribing', operation, reason, delayMs });
    retryTimer = setTimeout(start, delayMs);
  };

  const onErrors = (reason: unknown) => {
    const error = streamError(reason);
    if (error.closeCode === undefined && isRetryableStreamError(error.codes)) resubscribe(error.codes.join(', '));
    else fail(error);
  };

  function start() {
    if (finished) return;
    const mine = ++generation;
    unsubscribe = client.subscribe<TData>(payload, {
      next: (result: FormattedExecutionResult<TData>) => {
        if (mine !== generation) return;
        if (result.data === null || result.data === undefined) {
          // A refusal can come as a `next` with errors only, then `complete`.
          onErrors(result.errors ?? [{ message: 'an event without data' }]);
          return;
        }
        attempt = 0;
        if (result.errors?.length) options.onStatus({ type: 'partial', operation, errors: result.errors });
        if (buffered.length >= options.maxBuffered) {
          fail(new PartnerApiError(`more than ${options.maxBuffered} events are waiting to be read`, ['CLIENT_BUFFER_OVERFLOW']));
          return;
        }
        buffered.push(pick(result.data));
        settle();
      },
      error: (reason: unknown) => {
        if (mine === generation) onErrors(reason);
      },
      complete: () => {
        // Only the server ends a stream we still read: subscribe again.
        if (mine === generation && !finished) resubscribe('the server completed the stream');
      },
    });
  }

  const iterator: LiveStream<T> = {
    next() {
      if (buffered.length > 0) return Promise.resolve({ done: false, value: buffered.shift()! });
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve(DONE);
      if (waiting) return Promise.reject(new Error('next() called again before the previous call settled'));
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      stop();
      buffered.length = 0;
      failure = undefined;
      settle();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  start();
  return iterator;
}
