/**
 * What every projection of another domain's facts shares (inventory's and orders' views of the
 * catalog and of organizations): a durable consumer group per region that reads each event with
 * the contract of its topic and applies it (idempotently, so no inbox). An unreadable message (not
 * an envelope, or not matching its contract) goes to the projection's dead-letter topic with the
 * reason (`<region>.dlq.<domain>.<name>.v1`), is logged, and is skipped: a projection keeps going,
 * and the next snapshot of the entity repairs it.
 */
import type { Pool } from 'pg';
import { deadLetterTopic, InvalidEventError, parseEnvelope, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { createDeadLetters } from './dead-letter';
import type { EventBus } from './kafka';

export interface ProjectionDeps {
  /** The consuming domain (`inventory`, `orders`): names the consumer group and dead-letter topic. */
  domain: string;
  bus: EventBus;
  pool: Pool;
  region: RegionCode;
  topicPrefix: string;
  logger: Logger;
}

/** How one topic's events are read and applied. */
export interface ProjectionRoute {
  topic: string;
  /**
   * Reads the event with its contract (throws InvalidEventError with the reason) and returns its
   * effect, which answers false for an event the projection does not keep.
   */
  read(event: EventEnvelope): (pool: Pool) => Promise<boolean>;
}

/** A route reading `topic` with `contract` and applying its typed events with `apply`. */
export function route<P>(
  topic: string,
  contract: { parse(event: EventEnvelope): EventEnvelope<P> },
  apply: (pool: Pool, event: EventEnvelope<P>) => Promise<boolean>,
): ProjectionRoute {
  return {
    topic,
    read: (event) => {
      const typed = contract.parse(event);
      return (pool) => apply(pool, typed);
    },
  };
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A worker consuming the routes' topics in group `<prefix><domain>.<region>.<name>`. */
export function createProjectionWorker({ domain, bus, pool, region, topicPrefix, logger }: ProjectionDeps, name: string, routes: ProjectionRoute[]): { start(): Promise<void>; stop(): Promise<void> } {
  const log = logger.child({ component: name });
  const byTopic = new Map(routes.map((r) => [r.topic, r]));
  const topics = [...byTopic.keys()];
  const consumerName = `${domain}.${name}`;
  const deadLetters = createDeadLetters(bus, consumerName, deadLetterTopic(region, consumerName, topicPrefix));
  const consumer = bus.consumer({
    groupId: `${topicPrefix}${domain}.${region}.${name}`,
    topics,
    handle: async (message) => {
      const where = { topic: message.topic, offset: message.offset };
      let event: EventEnvelope;
      try {
        event = parseEnvelope(message.value);
      } catch (error) {
        log.error({ ...where, reason: reasonOf(error) }, 'skipping an unreadable event (dead-lettered)');
        await deadLetters.publish(message, reasonOf(error));
        return;
      }
      let effect: (pool: Pool) => Promise<boolean>;
      try {
        effect = byTopic.get(message.topic)!.read(event);
      } catch (error) {
        if (!(error instanceof InvalidEventError)) throw error;
        log.error({ ...where, eventId: event.eventId, type: event.type, reason: error.message }, 'skipping an event that does not match its contract (dead-lettered)');
        await deadLetters.publish(message, error.message, event.eventId);
        return;
      }
      if (!(await effect(pool))) log.debug({ eventId: event.eventId, entity: event.entity, type: event.type }, 'event not projected');
    },
  });
  return {
    start: async () => {
      await bus.ensureTopics([...topics, deadLetters.topic]);
      await consumer.start();
    },
    stop: () => consumer.stop(),
  };
}
