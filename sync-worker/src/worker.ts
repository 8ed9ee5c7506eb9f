/**
 * The sync worker mirrors global entities from one region into another (one direction per
 * instance; `npm start` runs both directions in one process). See docs/sync.md.
 *
 * - Each message is decoded with the contract of its topic (decode.ts); what does not parse goes to
 *   the dead-letter topic (and `sync.dead_letter`) with the reason (dead-letter.ts).
 * - Each Kafka batch is applied in ONE transaction (apply.ts); offsets are committed after.
 * - Transient failures (target database or broker down) retry with backoff for as long as it
 *   takes: the partition waits, nothing is skipped (retrying.ts).
 * - When the batch fails for another reason, its events are applied one by one so a poison message
 *   is isolated; one that fails `permanentAttempts` times is dead-lettered, and the worker goes on.
 * - Counters, metrics, conflict logs and the status row: observe.ts.
 */
import type { Pool } from 'pg';
import { InvalidReplicationEvent, type ApplyOutcome, type EventBus, type EventProducer, type IncomingMessage } from '@miw/events';
import { syncDeadLetterTopic, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { createSyncAlerts, DEFAULT_LAG_ALERT_MS } from './alerts';
import { applyTogether } from './apply';
import { deadLetter } from './dead-letter';
import { decodeMessage, isPoison, type Decoded, type DecodeRules, type Poison } from './decode';
import { createSyncMetrics, type RollingStats, type SyncMetrics } from './metrics';
import { createObserver, type SyncStats } from './observe';
import { applyOneByOne, Stopping, untilDone, withHeartbeat, type RetryPolicy } from './retrying';
import { syncRoutes } from './routes';
import { ensureSyncSchema, pendingDeadLetters, saveStatus, type DeadLetter, type DirectionStatus } from './store';

/** Default tolerated clock difference between regions (see docs/sync.md). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 60_000;

export interface SyncWorkerDeps {
  bus: EventBus;
  /** Pool of the target region's database. */
  target: Pool;
  from: RegionCode;
  to: RegionCode;
  logger: Logger;
  topicPrefix?: string;
  /** The worker's clock (tests move it). */
  now?: () => Date;
  maxClockSkewMs?: number;
  /** Attempts of an event failing for a non-transient reason before it is dead-lettered. */
  permanentAttempts?: number;
  maxBackoffMs?: number;
  metrics?: SyncMetrics;
  /** How often the status row read by `syncStatus` is written (ms); 0 disables it. */
  statusEveryMs?: number;
  /** Lag over which the target region's admins are alerted (SYNC_LAG_ALERT_MS). */
  lagAlertMs?: number;
}

export interface SyncWorker {
  readonly direction: string;
  /** Every topic this instance consumes. */
  readonly topics: string[];
  readonly stats: SyncStats;
  readonly metrics: SyncMetrics;
  readonly rolling: RollingStats;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Applies one raw message now, as the consumer would, without retries (dlq replay). */
  applyRaw(value: Buffer | null, topic: string): Promise<ApplyOutcome>;
  status(): Promise<Omit<DirectionStatus, 'updatedAt'>>;
}

export function createSyncWorker(deps: SyncWorkerDeps): SyncWorker {
  const { bus, target, from, to, logger, topicPrefix = '', permanentAttempts = 3, maxBackoffMs = 5_000 } = deps;
  const direction = `${from}-to-${to}`;
  const log = logger.child({ component: 'sync', direction });
  const routes = syncRoutes(from, to, topicPrefix);
  const topics = routes.map((r) => r.topic);
  const rules: DecodeRules = { routes: new Map(routes.map((r) => [r.topic, r])), from, now: deps.now ?? (() => new Date()), maxClockSkewMs: deps.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS };
  const metrics = deps.metrics ?? createSyncMetrics();
  const observer = createObserver(direction, metrics, log);
  const dlq = syncDeadLetterTopic(from, to, topicPrefix);
  let producer: EventProducer | undefined;
  const alerts = createSyncAlerts({ from, to, topicPrefix, producer: () => (producer ??= bus.producer()), log, lagThresholdMs: deps.lagAlertMs ?? DEFAULT_LAG_ALERT_MS, now: rules.now });
  let lifetime = new AbortController();
  let statusTimer: NodeJS.Timeout | undefined;

  const policy = (what: string): RetryPolicy => ({ signal: lifetime.signal, maxBackoffMs, onTransient: (error, attempt, waitMs) => observer.retried(what, error, attempt, waitMs) });
  const retrying = <T>(what: string, fn: () => Promise<T>) => untilDone(fn, policy(what));

  /** Applies the events in one transaction and records the outcomes. */
  async function apply(items: Decoded[]): Promise<ApplyOutcome[]> {
    const result = await applyTogether(target, items);
    observer.applied(items, result);
    const lags = items.filter((_, i) => result.outcomes[i] === 'applied').map((item) => result.committedAt - Date.parse(item.event.occurredAt));
    if (lags.length) alerts.lagObserved(Math.max(...lags));
    return result.outcomes;
  }

  /** Applies a batch together, or, when that fails permanently, one by one; returns the events given up. */
  async function applyBatch(items: Decoded[]): Promise<Poison[]> {
    try {
      await retrying('apply batch', () => apply(items));
      return [];
    } catch (error) {
      if (error instanceof Stopping) throw error;
      log.warn({ err: error, size: items.length }, 'batch apply failed; applying its events one by one');
      return applyOneByOne(items, (item) => retrying('apply event', () => apply([item])), permanentAttempts, policy('apply event'));
    }
  }

  async function handleBatch(messages: IncomingMessage[], { heartbeat }: { heartbeat(): Promise<void> }): Promise<void> {
    await withHeartbeat(heartbeat, async () => {
      const decoded = messages.map((message) => decodeMessage(message, rules));
      const poison = decoded.filter(isPoison);
      const good = decoded.filter((d): d is Decoded => !isPoison(d));
      if (good.length) poison.push(...(await applyBatch(good)));
      for (const p of poison) {
        const row = await deadLetter(p, { target, direction, topic: dlq, producer: () => (producer ??= bus.producer()), untilDone: retrying });
        observer.deadLettered(p, row.id);
        await alertDeadLetter(row);
      }
    });
  }

  /** The admins' alert of a dead letter: waits out a broker outage, but never holds the worker up for good. */
  async function alertDeadLetter(row: DeadLetter): Promise<void> {
    try {
      await retrying('dead-letter alert', () => alerts.deadLettered(row));
    } catch (error) {
      if (error instanceof Stopping) throw error;
      log.error({ err: error, dlqId: row.id }, 'dead-letter alert not published (the dead letter is recorded)');
    }
  }

  const consumer = bus.consumer({ groupId: `${topicPrefix}sync-worker.${direction}`, topics, fromBeginning: true, handleBatch, maxBytesPerPartition: 2 * 1024 * 1024 });

  const status = async () => observer.status(await pendingDeadLetters(target));

  /** Writes the status row every `every` ms until stopped. */
  function saveStatusEvery(every: number): void {
    const tick = () =>
      void status()
        .then((s) => saveStatus(target, s))
        .catch((error: unknown) => log.debug({ err: error }, 'status not saved'))
        .finally(() => {
          if (!lifetime.signal.aborted) statusTimer = setTimeout(tick, every);
        });
    statusTimer = setTimeout(tick, every);
  }

  return {
    direction,
    topics,
    stats: observer.stats,
    metrics,
    rolling: observer.rolling,
    async start() {
      lifetime = new AbortController();
      await ensureSyncSchema(target);
      await bus.ensureTopics([...topics, dlq, alerts.topic]); // retries a broker that is still settling
      await consumer.start();
      const every = deps.statusEveryMs ?? 5_000;
      if (every > 0) saveStatusEvery(every);
      log.info({ topics, dlq }, 'sync worker consuming');
    },
    async stop() {
      lifetime.abort();
      if (statusTimer) clearTimeout(statusTimer);
      await consumer.stop();
      await producer?.disconnect().catch(() => undefined);
    },
    async applyRaw(value, topic) {
      const d = decodeMessage({ topic, partition: -1, offset: '-1', key: null, value, headers: {} }, rules);
      if (isPoison(d)) throw new InvalidReplicationEvent(`${d.reason}: ${d.error}`);
      return (await apply([d]))[0]!;
    },
    status,
  };
}
