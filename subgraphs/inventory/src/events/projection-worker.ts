/**
 * What every projection of another domain's facts shares: a durable consumer group per region that
 * parses each event and applies it (idempotently, so no inbox), skipping unreadable messages, and
 * lenient readers of the payload fields (a field of the wrong shape reads as null).
 */
import type { Pool } from 'pg';
import { type EventBus } from '@miw/events';
import { parseEnvelope, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';

export interface ProjectionDeps {
  bus: EventBus;
  pool: Pool;
  region: RegionCode;
  topicPrefix: string;
  logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidOrNull = (v: unknown): string | null => (typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : null);
export const dateOrNull = (v: unknown): string | null => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : null);

/** A worker consuming `topics` in group `<prefix>inventory.<region>.<name>`; `apply` returns false for events it does not keep. */
export function createProjectionWorker(
  { bus, pool, region, topicPrefix, logger }: ProjectionDeps,
  name: string,
  topics: string[],
  apply: (pool: Pool, event: EventEnvelope) => Promise<boolean>,
): BackgroundWorker {
  const log = logger.child({ component: name });
  const consumer = bus.consumer({
    groupId: `${topicPrefix}inventory.${region}.${name}`,
    topics,
    handle: async (message) => {
      let event: EventEnvelope;
      try {
        event = parseEnvelope(message.value);
      } catch (error) {
        log.error({ err: error, topic: message.topic, offset: message.offset }, 'skipping an unreadable event');
        return;
      }
      if (!(await apply(pool, event))) log.debug({ eventId: event.eventId, entity: event.entity, type: event.type }, 'event not projected');
    },
  });
  return {
    start: async () => {
      await bus.ensureTopics(topics);
      await consumer.start();
    },
    stop: () => consumer.stop(),
  };
}
