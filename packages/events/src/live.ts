/**
 * Live events for subscriptions: one Kafka consumer per service instance, in a group of its own
 * that starts at the topics' current end (`ephemeral`), so every instance sees every event
 * committed after it started, whichever instance wrote it. Events are fanned out in memory to the
 * streams listening on a dispatch key (e.g. `store:<id>`), computed per topic from the envelope.
 *
 * Delivery is at most once per stream and starts when the stream is opened: a subscriber that
 * needs the current state reads it with a query after subscribing.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@miw/logging';
import { openSpan } from '@miw/observability';
import { parseEnvelope, type EventEnvelope } from '@miw/contracts';
import type { EventBus } from './kafka';

/** Dispatch keys of one event on one topic (an event may reach several kinds of listeners). */
export type DispatchKeys = (event: EventEnvelope) => string[];

export interface LiveEventsOptions {
  bus: EventBus;
  /** Topic -> the dispatch keys of its events. */
  topics: Record<string, DispatchKeys>;
  /** Names the consumer group (`<groupPrefix>.<random>`), so operators can tell them apart. */
  groupPrefix: string;
  logger: Logger;
  /** Events buffered per stream before it ends with StreamOverflowError (default 1,000). */
  maxQueue?: number;
}

export class StreamOverflowError extends Error {
  override name = 'StreamOverflowError';
}

/** An async iterator that must be closed with `return()` (graphql-js does it when a subscription ends). */
export type LiveStream<T> = AsyncIterableIterator<T> & { return(): Promise<IteratorResult<T>> };

export interface LiveEvents {
  /**
   * Starts consuming; resolves once every event committed from now on will be seen AND delivered
   * without waiting for a group join: the consumer has joined its group and holds its partitions.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A stream of the events of `topic` dispatched under `key`. */
  listen(topic: string, key: string): LiveStream<EventEnvelope>;
  /** Open streams (metrics, tests). */
  readonly listening: number;
}

export function createLiveEvents(opts: LiveEventsOptions): LiveEvents {
  const log = opts.logger.child({ component: 'live-events' });
  const maxQueue = opts.maxQueue ?? 1000;
  const streams = new Map<string, Set<Queue<EventEnvelope>>>();
  let open = 0;
  const slot = (topic: string, key: string) => `${topic}\u0000${key}`;
  const consumer = opts.bus.consumer({
    groupId: `${opts.groupPrefix}.${randomUUID()}`,
    topics: Object.keys(opts.topics),
    fromBeginning: false,
    ephemeral: true,
    handle: async (message) => {
      let event: EventEnvelope;
      try {
        event = parseEnvelope(message.value);
      } catch (error) {
        log.warn({ topic: message.topic, offset: message.offset, err: error }, 'skipping an invalid event');
        return;
      }
      // The fan-out to the open streams joins the trace of the change (the consumer's span is active).
      const delivery = openSpan(`deliver ${message.topic}`, { kind: 'producer', attributes: { 'miw.live.event_type': event.type } });
      let delivered = 0;
      for (const key of opts.topics[message.topic]?.(event) ?? []) {
        for (const queue of streams.get(slot(message.topic, key)) ?? []) {
          queue.push(event);
          delivered++;
        }
      }
      delivery.end(undefined, { 'miw.live.streams': delivered });
    },
  });

  return {
    start: async () => {
      await opts.bus.ensureTopics(Object.keys(opts.topics));
      await consumer.start();
    },
    stop: async () => {
      for (const set of streams.values()) for (const queue of set) queue.end();
      streams.clear();
      await consumer.stop();
    },
    listen(topic, key) {
      if (!(topic in opts.topics)) throw new Error(`not a live topic: ${topic}`);
      const id = slot(topic, key);
      const queue: Queue<EventEnvelope> = new Queue<EventEnvelope>(maxQueue, () => {
        open--;
        const set = streams.get(id);
        set?.delete(queue);
        if (set?.size === 0) streams.delete(id);
      });
      let set = streams.get(id);
      if (!set) streams.set(id, (set = new Set()));
      set.add(queue);
      open++;
      return queue;
    },
    get listening() {
      return open;
    },
  };
}

/**
 * A bounded push-to-pull queue: `push` never blocks; past `max` buffered items the stream fails
 * with StreamOverflowError (bounded memory for a consumer that does not keep up).
 */
export class Queue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | undefined;
  private failure: unknown;
  private done = false;

  constructor(
    private readonly max: number,
    private readonly onEnd: () => void = () => undefined,
    private readonly overflow: () => Error = () => new StreamOverflowError(`more than ${max} events waiting`),
  ) {}

  push(item: T): void {
    if (this.done || this.failure) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve({ value: item, done: false });
    } else if (this.items.length >= this.max) {
      this.items.length = 0;
      this.failure = this.overflow();
      this.finish();
    } else this.items.push(item);
  }

  /** Ends the stream after the buffered items. */
  end(): void {
    if (this.done) return;
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.onEnd();
    if (this.waiting && this.items.length === 0) {
      const w = this.waiting;
      this.waiting = undefined;
      if (this.failure) w.reject(this.failure);
      else w.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.failure = undefined;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** Maps an async iterator, skipping items mapped to undefined; closing the result closes the source. */
export function filterMap<T, U>(source: AsyncIterator<T> & { return?(): Promise<IteratorResult<T>> }, fn: (item: T) => U | undefined): LiveStream<U> {
  const mapped: LiveStream<U> = {
    async next(): Promise<IteratorResult<U>> {
      for (;;) {
        const r = await source.next();
        if (r.done) return { value: undefined, done: true };
        const value = fn(r.value);
        if (value !== undefined) return { value, done: false };
      }
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}

/**
 * Returns `stream` once `check` passed; a refusal closes it and throws. Subscriptions open their
 * stream before checking the subscriber (no event is lost while the check runs).
 */
export async function checkedStream<T>(stream: LiveStream<T>, check: () => Promise<void>): Promise<LiveStream<T>> {
  try {
    await check();
    return stream;
  } catch (error) {
    await stream.return();
    throw error;
  }
}

/**
 * Reads each live event with `contract` once, however many streams receive it (cached while the
 * event is in flight); an event that does not match is logged with the reason and yields undefined.
 */
export function contractReader<P>(contract: { parse(event: EventEnvelope): EventEnvelope<P> }, log: Logger): (event: EventEnvelope) => P | undefined {
  const read = new WeakMap<EventEnvelope, P | null>();
  return (event) => {
    let payload = read.get(event);
    if (payload === undefined) {
      try {
        payload = contract.parse(event).payload;
      } catch (error) {
        log.warn({ eventId: event.eventId, type: event.type, reason: error instanceof Error ? error.message : String(error) }, 'skipping an event that does not match its contract');
        payload = null;
      }
      read.set(event, payload);
    }
    return payload ?? undefined;
  };
}
