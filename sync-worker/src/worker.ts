/**
 * The sync worker mirrors global entities from one region into another (one direction per
 * instance; `npm start` runs both directions in one process). See docs/sync.md.
 *
 * - Each Kafka batch is applied in ONE transaction: per event an inbox claim and a conditional
 *   upsert (exactly-once effect under at-least-once delivery); offsets are committed after.
 * - Transient failures (target database or broker down) retry with backoff for as long as it
 *   takes: the partition waits, nothing is skipped.
 * - When the batch fails for another reason, its events are applied one by one so a poison message
 *   is isolated; one that fails `permanentAttempts` times, or cannot be parsed or validated, goes to
 *   the dead-letter topic (and `sync.dead_letter`) with the reason, and the worker goes on.
 * - Applied rows write no outbox row: nothing is echoed back to its origin.
 */
import type { Pool, PoolClient } from 'pg';
import { claimInboxEvent, InvalidReplicationEvent, type ApplyOutcome, type EventBus, type EventProducer, type IncomingMessage } from '@miw/events';
import { InvalidEnvelopeError, parseEnvelope, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { createSyncMetrics, RollingStats, type SyncMetrics } from './metrics';
import { backoffMs, classifyFailure, futureTimestamp } from './policy';
import { syncRoutes, type Route } from './routes';
import { ensureSyncSchema, pendingDeadLetters, recordDeadLetter, saveStatus, type DeadLetter, type DirectionStatus } from './store';

export const CONSUMER = 'sync-worker';
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
}

export interface SyncStats {
  applied: number;
  stale: number;
  duplicate: number;
  invalid: number;
  deadLettered: number;
  retries: number;
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

interface Decoded {
  message: IncomingMessage;
  event: EventEnvelope;
  route: Route;
  params: unknown[];
}

interface Poison {
  message: IncomingMessage;
  eventId: string | null;
  reason: 'INVALID_ENVELOPE' | 'INVALID_EVENT' | 'FUTURE_TIMESTAMP' | 'APPLY_FAILED';
  error: string;
  attempts: number;
}

export const dlqTopic = (from: RegionCode, to: RegionCode, prefix = '') => `${prefix}sync.dlq.${from}-to-${to}.v1`;

class Stopping extends Error {
  override name = 'Stopping';
}

export function createSyncWorker(deps: SyncWorkerDeps): SyncWorker {
  const { bus, target, from, to, logger, topicPrefix = '', now = () => new Date(), maxClockSkewMs = DEFAULT_MAX_CLOCK_SKEW_MS, permanentAttempts = 3, maxBackoffMs = 5_000 } = deps;
  const direction = `${from}-to-${to}`;
  const log = logger.child({ component: 'sync', direction });
  const routes = syncRoutes(from, to, topicPrefix);
  const byTopic = new Map(routes.map((r) => [r.topic, r]));
  const metrics = deps.metrics ?? createSyncMetrics();
  const rolling = new RollingStats();
  const stats: SyncStats = { applied: 0, stale: 0, duplicate: 0, invalid: 0, deadLettered: 0, retries: 0 };
  const dlq = dlqTopic(from, to, topicPrefix);
  let producer: EventProducer | undefined;
  let stopping = false;
  let lastEventId: string | null = null;
  let lastAppliedAt: Date | null = null;
  let statusTimer: NodeJS.Timeout | undefined;

  function decode(message: IncomingMessage): Decoded | Poison {
    let event: EventEnvelope | undefined;
    try {
      event = parseEnvelope(message.value);
      const route = byTopic.get(message.topic);
      if (!route) throw new InvalidReplicationEvent(`no route for topic ${message.topic}`);
      if (event.originRegion !== from) throw new InvalidReplicationEvent(`origin ${event.originRegion} is not ${from}`);
      if (event.entity !== route.entity) throw new InvalidReplicationEvent(`entity ${event.entity} does not belong on ${message.topic}`);
      const params = route.replicator.prepare(event);
      const future = futureTimestamp([event.entityUpdatedAt, (event.payload as { updatedAt?: string }).updatedAt], now(), maxClockSkewMs);
      if (future) return { message, eventId: event.eventId, reason: 'FUTURE_TIMESTAMP', error: future, attempts: 1 };
      return { message, event, route, params };
    } catch (error) {
      if (error instanceof InvalidEnvelopeError) return { message, eventId: null, reason: 'INVALID_ENVELOPE', error: error.message, attempts: 1 };
      if (error instanceof InvalidReplicationEvent) return { message, eventId: event?.eventId ?? null, reason: 'INVALID_EVENT', error: error.message, attempts: 1 };
      throw error;
    }
  }

  /** Applies the events in one transaction; returns their outcomes in order. */
  async function applyTogether(items: Decoded[]): Promise<ApplyOutcome[]> {
    const client = await target.connect();
    const outcomes: ApplyOutcome[] = [];
    const conflicts: { item: Decoded; current: unknown }[] = [];
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Rows written here keep the version they carry (see prisma/auth/sql: stamp_version).
      await client.query(`SELECT set_config('miw.replicating', 'on', true)`);
      for (const item of items) outcomes.push(await applyOne(client, item, conflicts));
      await client.query('COMMIT');
    } catch (error) {
      // A connection that failed for a transient reason is thrown away, not reused.
      if (classifyFailure(error) === 'transient') broken = error as Error;
      else await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken);
    }
    const committedAt = Date.now();
    items.forEach((item, i) => record(item, outcomes[i]!, committedAt));
    for (const { item, current } of conflicts) {
      metrics.conflicts.inc({ direction, entity: item.event.entity });
      log.warn(
        {
          entity: item.event.entity,
          entityId: item.event.entityId,
          incoming: { updatedAt: item.event.entityUpdatedAt, eventId: item.event.eventId, originRegion: item.event.originRegion, type: item.event.type },
          current,
          correlationId: item.event.correlationId,
        },
        'conflict: the stored version is newer; incoming event ignored',
      );
    }
    return outcomes;
  }

  async function applyOne(client: PoolClient, item: Decoded, conflicts: { item: Decoded; current: unknown }[]): Promise<ApplyOutcome> {
    const { event, route, params } = item;
    if (!(await claimInboxEvent(client, route.replicator.schema, CONSUMER, event))) return 'duplicate';
    if (await route.replicator.upsert(client, event.entity, params)) return 'applied';
    conflicts.push({ item, current: await route.replicator.currentVersion(client, event.entity, event.entityId) });
    return 'stale';
  }

  function record({ event }: Decoded, outcome: ApplyOutcome, committedAt: number): void {
    stats[outcome] += 1;
    metrics[outcome].inc({ direction, entity: event.entity });
    if (outcome !== 'applied') return;
    const lagMs = Math.max(0, committedAt - Date.parse(event.occurredAt));
    metrics.lag.observe({ direction }, lagMs / 1000);
    rolling.record(lagMs, Math.floor(committedAt / 1000) * 1000);
    lastEventId = event.eventId;
    lastAppliedAt = new Date(committedAt);
  }

  /** Runs `fn` until it succeeds or fails permanently; transient failures wait with backoff. */
  async function untilDone<T>(what: string, fn: () => Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      if (stopping) throw new Stopping('stopping');
      try {
        return await fn();
      } catch (error) {
        if (classifyFailure(error) === 'permanent') throw error;
        stats.retries += 1;
        metrics.retries.inc({ direction });
        const wait = backoffMs(attempt, maxBackoffMs);
        if (attempt % 10 === 0) log.warn({ err: error, attempt, waitMs: wait }, `${what} failed (transient); retrying`);
        await sleepWithHeartbeat(wait, heartbeat);
      }
    }
  }

  async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && !stopping) {
      await new Promise((r) => setTimeout(r, Math.min(500, until - Date.now())));
      await heartbeat().catch(() => undefined);
    }
  }

  async function deadLetter(p: Poison, heartbeat: () => Promise<void>): Promise<DeadLetter> {
    const row = await untilDone(
      'dead-letter record',
      () =>
        recordDeadLetter(target, {
          direction,
          topic: p.message.topic,
          partition: p.message.partition,
          offset: p.message.offset,
          key: p.message.key,
          value: p.message.value,
          eventId: p.eventId,
          reason: p.reason,
          error: p.error,
          attempts: p.attempts,
        }),
      heartbeat,
    );
    const value = JSON.stringify({
      id: row.id,
      direction,
      reason: row.reason,
      error: row.error,
      attempts: row.attempts,
      firstFailedAt: row.firstFailedAt,
      lastFailedAt: row.lastFailedAt,
      source: { topic: row.topic, partition: row.partition, offset: row.offset, key: row.key },
      eventId: row.eventId,
      original: p.message.value ? p.message.value.toString('base64') : null,
    });
    await untilDone('dead-letter publish', () => (producer ??= bus.producer()).send([{ topic: dlq, key: row.id, value }]), heartbeat);
    stats.deadLettered += 1;
    if (p.reason !== 'APPLY_FAILED') stats.invalid += 1;
    metrics.deadLettered.inc({ direction, reason: p.reason });
    log.error({ dlqId: row.id, reason: p.reason, error: p.error, topic: p.message.topic, partition: p.message.partition, offset: p.message.offset, eventId: p.eventId }, 'message dead-lettered');
    return row;
  }

  async function handleBatch(messages: IncomingMessage[], { heartbeat }: { heartbeat(): Promise<void> }): Promise<void> {
    const decoded = messages.map(decode);
    const good = decoded.filter((d): d is Decoded => 'event' in d);
    const poison = decoded.filter((d): d is Poison => !('event' in d));
    if (good.length) {
      try {
        await untilDone('apply batch', () => applyTogether(good), heartbeat);
      } catch (error) {
        if (error instanceof Stopping) throw error;
        log.warn({ err: error, size: good.length }, 'batch apply failed; applying its events one by one');
        for (const item of good) {
          for (let attempt = 1; ; attempt += 1) {
            try {
              await untilDone('apply event', () => applyTogether([item]), heartbeat);
              break;
            } catch (failure) {
              if (failure instanceof Stopping) throw failure;
              if (attempt >= permanentAttempts) {
                poison.push({ message: item.message, eventId: item.event.eventId, reason: 'APPLY_FAILED', error: String((failure as Error).message ?? failure), attempts: attempt });
                break;
              }
              await sleepWithHeartbeat(backoffMs(attempt, maxBackoffMs), heartbeat);
            }
          }
        }
      }
    }
    for (const p of poison) await deadLetter(p, heartbeat);
  }

  const consumer = bus.consumer({ groupId: `${topicPrefix}sync-worker.${direction}`, topics: routes.map((r) => r.topic), fromBeginning: true, handleBatch, maxBytesPerPartition: 2 * 1024 * 1024 });

  async function status(): Promise<Omit<DirectionStatus, 'updatedAt'>> {
    const pending = await pendingDeadLetters(target);
    metrics.dlqSize.set({ direction }, pending);
    return {
      direction,
      applied: stats.applied,
      stale: stats.stale,
      duplicate: stats.duplicate,
      deadLettered: pending,
      lastEventId,
      lastAppliedAt,
      lagP50Ms: rolling.percentile(50),
      lagP99Ms: rolling.percentile(99),
      eventsPerSecond: rolling.perSecond(),
    };
  }

  return {
    direction,
    topics: routes.map((r) => r.topic),
    stats,
    metrics,
    rolling,
    async start() {
      stopping = false;
      await ensureSyncSchema(target);
      await bus.ensureTopics([...routes.map((r) => r.topic), dlq]); // retries a broker that is still settling
      await consumer.start();
      const every = deps.statusEveryMs ?? 5_000;
      if (every > 0) {
        const tick = () =>
          void status()
            .then((s) => saveStatus(target, s))
            .catch((error: unknown) => log.debug({ err: error }, 'status not saved'))
            .finally(() => {
              if (!stopping) statusTimer = setTimeout(tick, every);
            });
        statusTimer = setTimeout(tick, every);
      }
      log.info({ topics: routes.map((r) => r.topic), dlq }, 'sync worker consuming');
    },
    async stop() {
      stopping = true;
      if (statusTimer) clearTimeout(statusTimer);
      await consumer.stop();
      await producer?.disconnect().catch(() => undefined);
    },
    async applyRaw(value, topic) {
      const d = decode({ topic, partition: -1, offset: '-1', key: null, value, headers: {} });
      if (!('event' in d)) throw new InvalidReplicationEvent(`${d.reason}: ${d.error}`);
      return (await applyTogether([d]))[0]!;
    },
    status,
  };
}
