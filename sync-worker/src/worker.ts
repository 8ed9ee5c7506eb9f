/**
 * The sync worker mirrors global entities across regions. This slice: catalog entities from EU
 * into the CN catalog schema. Each event is applied with its inbox row in one transaction
 * (exactly-once effect under at-least-once delivery); the Kafka offset is committed after.
 * A failing apply (database down) throws, so the partition stops and the event is retried: no
 * event is skipped. An event that can never apply (malformed) is logged and skipped; the
 * dead-letter topic comes with the full sync issue.
 */
import type { Pool } from 'pg';
import { applyCatalogEvent, catalogTopics, InvalidReplicationEvent } from '@miw/subgraph-catalog';
import { InvalidEnvelopeError, parseEnvelope, type EventBus, type IncomingMessage, type RegionCode } from '@miw/events';
import type { Logger } from '@miw/logging';

export interface SyncWorkerDeps {
  bus: EventBus;
  /** Pool of the target region's database. */
  target: Pool;
  from: RegionCode;
  to: RegionCode;
  logger: Logger;
  topicPrefix?: string;
}

export interface SyncWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats: { applied: number; stale: number; duplicate: number; invalid: number };
}

export const CONSUMER = 'sync-worker';

export function createSyncWorker({ bus, target, from, to, logger, topicPrefix = '' }: SyncWorkerDeps): SyncWorker {
  const log = logger.child({ component: 'sync', from, to });
  const topics = catalogTopics(from, topicPrefix);
  const stats = { applied: 0, stale: 0, duplicate: 0, invalid: 0 };

  async function handle(message: IncomingMessage): Promise<void> {
    let event;
    try {
      event = parseEnvelope(message.value);
      if (event.originRegion !== from) throw new InvalidEnvelopeError(`origin ${event.originRegion} is not ${from}`);
      const outcome = await applyCatalogEvent(target, event, CONSUMER);
      stats[outcome] += 1;
      log.debug({ eventId: event.eventId, type: event.type, entityId: event.entityId, outcome, correlationId: event.correlationId }, 'event applied');
    } catch (error) {
      if (error instanceof InvalidEnvelopeError || error instanceof InvalidReplicationEvent) {
        stats.invalid += 1;
        log.error({ err: error, topic: message.topic, partition: message.partition, offset: message.offset, eventId: event?.eventId }, 'skipping invalid event');
        return;
      }
      log.warn({ err: error, topic: message.topic, offset: message.offset }, 'apply failed; will retry');
      throw error;
    }
  }

  const consumer = bus.consumer({ groupId: `${topicPrefix}sync-worker.${from}-to-${to}`, topics, fromBeginning: true, handle });
  return {
    stats,
    async start() {
      await bus.ensureTopics(topics);
      await consumer.start();
      log.info({ topics }, 'sync worker consuming');
    },
    stop: () => consumer.stop(),
  };
}
