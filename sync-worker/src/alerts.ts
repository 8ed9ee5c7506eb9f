/**
 * Alerts for the admins of the region a direction applies into (`<region>.sync.alert.v1`, read
 * by that region's notify): a message dead-lettered, and lag over `lagThresholdMs`.
 *
 * Alerts go straight to Kafka, not through an outbox: the worker owns no domain schema to hold
 * one, and an alert is an operational prompt, not data; the dead letter itself is durable in
 * `sync.dead_letter` (and `syncStatus` shows the lag). A dead-letter alert's event id is the dead
 * letter's id, so a message dead-lettered again (same row) alerts notify only once.
 *
 * Lag alerts have hysteresis: one alert when the lag goes over the threshold, none while it stays
 * over, and the direction is "recovered" (logged) only once the lag falls under half of it; a
 * backlog being caught up alerts once, not once per event.
 */
import { syncAlertEvents, UUID_PATTERN, type OutboxMessage, type RegionCode, type SyncAlertPayload } from '@miw/contracts';
import type { EventProducer } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { DeadLetter } from './store';

/** Default lag over which admins are alerted (SYNC_LAG_ALERT_MS). */
export const DEFAULT_LAG_ALERT_MS = 60_000;

interface SyncAlertDeps {
  from: RegionCode;
  to: RegionCode;
  topicPrefix: string;
  producer(): EventProducer;
  log: Logger;
  lagThresholdMs: number;
  now(): Date;
}

interface SyncAlerts {
  readonly topic: string;
  /** Publishes the alert of a recorded dead letter (throws when the broker refuses it). */
  deadLettered(row: DeadLetter): Promise<void>;
  /** The largest lag of an applied batch: alerts on a crossing, in the background. */
  lagObserved(lagMs: number): void;
}

export function createSyncAlerts({ from, to, topicPrefix, producer, log, lagThresholdMs, now }: SyncAlertDeps): SyncAlerts {
  const direction = `${from}-to-${to}`;
  const topic = syncAlertEvents.topic(to, topicPrefix);
  let lagging = false;

  async function publish(verb: 'dead_lettered' | 'lagging', payload: Omit<SyncAlertPayload, 'direction' | 'from' | 'to' | 'detectedAt'>, eventId?: string): Promise<void> {
    const at = now();
    const message: OutboxMessage = syncAlertEvents.message(verb, {
      ...(eventId ? { eventId } : {}),
      entityId: direction,
      originRegion: to,
      entityUpdatedAt: at,
      occurredAt: at,
      correlationId: `sync-${direction}`,
      payload: { ...payload, direction, from, to, detectedAt: at.toISOString() },
    });
    await producer().send([{ topic, key: message.key, value: JSON.stringify(message.envelope) }]);
  }

  return {
    topic,
    deadLettered: (row) =>
      publish(
        'dead_lettered',
        { kind: 'dead_letter', deadLetterId: row.id, reason: row.reason.slice(0, 200), error: row.error.slice(0, 1000), sourceTopic: row.topic.slice(0, 256), eventId: row.eventId && UUID_PATTERN.test(row.eventId) ? row.eventId : null },
        row.id,
      ),
    lagObserved(lagMs) {
      if (lagging && lagMs <= lagThresholdMs / 2) {
        lagging = false;
        log.info({ lagMs, thresholdMs: lagThresholdMs }, 'replication lag recovered');
        return;
      }
      if (lagging || lagMs <= lagThresholdMs) return;
      lagging = true;
      log.warn({ lagMs, thresholdMs: lagThresholdMs }, 'replication lag over its threshold; alerting admins');
      publish('lagging', { kind: 'lag', lagMs: Math.round(lagMs), thresholdMs: lagThresholdMs }).catch((error: unknown) => log.warn({ err: error }, 'lag alert not published'));
    },
  };
}
