/**
 * What a worker reports: counters (`stats`, read by tests and the bench), Prometheus metrics, the
 * rolling lag figures, conflict and retry logs, and the status row behind `syncStatus`.
 */
import type { EventEnvelope } from '@miw/contracts';
import type { ApplyOutcome } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { Applied, Conflict } from './apply';
import type { Decoded, Poison } from './decode';
import { RollingStats, type SyncMetrics } from './metrics';
import type { DirectionStatus } from './store';

export interface SyncStats {
  applied: number;
  stale: number;
  duplicate: number;
  invalid: number;
  deadLettered: number;
  retries: number;
}

export interface Observer {
  readonly stats: SyncStats;
  readonly rolling: RollingStats;
  /** Counts the outcomes of a committed apply, and logs its conflicts. */
  applied(items: Decoded[], result: Applied): void;
  /** A transient failure about to be retried after `waitMs`. */
  retried(what: string, error: unknown, attempt: number, waitMs: number): void;
  deadLettered(p: Poison, dlqId: string): void;
  /** The figures of `syncStatus`, with the number of dead letters not replayed yet. */
  status(pendingDeadLetters: number): Omit<DirectionStatus, 'updatedAt'>;
}

export function createObserver(direction: string, metrics: SyncMetrics, log: Logger): Observer {
  const stats: SyncStats = { applied: 0, stale: 0, duplicate: 0, invalid: 0, deadLettered: 0, retries: 0 };
  const rolling = new RollingStats();
  let lastEventId: string | null = null;
  let lastAppliedAt: Date | null = null;

  function count(event: EventEnvelope, outcome: ApplyOutcome, committedAt: number): void {
    stats[outcome] += 1;
    metrics[outcome].inc({ direction, entity: event.entity });
    if (outcome !== 'applied') return;
    const lagMs = Math.max(0, committedAt - Date.parse(event.occurredAt));
    metrics.lag.observe({ direction }, lagMs / 1000);
    rolling.record(lagMs, Math.floor(committedAt / 1000) * 1000);
    lastEventId = event.eventId;
    lastAppliedAt = new Date(committedAt);
  }

  function conflict({ item: { event }, current }: Conflict): void {
    metrics.conflicts.inc({ direction, entity: event.entity });
    log.warn(
      {
        entity: event.entity,
        entityId: event.entityId,
        incoming: { updatedAt: event.entityUpdatedAt, eventId: event.eventId, originRegion: event.originRegion, type: event.type },
        current,
        correlationId: event.correlationId,
      },
      'conflict: the stored version is newer; incoming event ignored',
    );
  }

  return {
    stats,
    rolling,
    applied(items, { outcomes, conflicts, committedAt }) {
      items.forEach((item, i) => count(item.event, outcomes[i]!, committedAt));
      conflicts.forEach(conflict);
    },
    retried(what, error, attempt, waitMs) {
      stats.retries += 1;
      metrics.retries.inc({ direction });
      if (attempt % 10 === 1) log.warn({ err: error, attempt, waitMs }, `${what} failed (transient); retrying`);
    },
    deadLettered(p, dlqId) {
      stats.deadLettered += 1;
      if (p.reason !== 'APPLY_FAILED') stats.invalid += 1;
      metrics.deadLettered.inc({ direction, reason: p.reason });
      log.error({ dlqId, reason: p.reason, error: p.error, topic: p.message.topic, partition: p.message.partition, offset: p.message.offset, eventId: p.eventId }, 'message dead-lettered');
    },
    status(pending) {
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
    },
  };
}
