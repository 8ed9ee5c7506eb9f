/**
 * What every projection of another domain's facts shares (inventory's and orders' views of the
 * catalog and of organizations): a durable consumer group per region that reads each event with
 * the contract of its topic and applies it (idempotently, so no inbox). An unreadable message (not
 * an envelope, or not matching its contract) goes to the projection's dead-letter topic with the
 * reason (`<region>.dlq.<domain>.<name>.v1`), is logged, and is skipped: a projection keeps going,
 * and the next snapshot of the entity repairs it.
 */
import type { Pool } from 'pg';
import { deadLetterTopic, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { createDeadLetters, readerOf, type TopicReader } from './dead-letter';
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

/**
 * How one topic's events are read and applied: `read` parses the event with its contract and
 * returns its effect, which answers false for an event the projection does not keep.
 */
export type ProjectionRoute = TopicReader<(pool: Pool) => Promise<boolean>>;

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

/** A worker consuming the routes' topics in group `<prefix><domain>.<region>.<name>`. */
export function createProjectionWorker({ domain, bus, pool, region, topicPrefix, logger }: ProjectionDeps, name: string, routes: ProjectionRoute[]): { start(): Promise<void>; stop(): Promise<void> } {
  const log = logger.child({ component: name });
  const topics = routes.map((r) => r.topic);
  const consumerName = `${domain}.${name}`;
  const deadLetters = createDeadLetters(bus, consumerName, deadLetterTopic(region, consumerName, topicPrefix));
  const read = readerOf(routes, deadLetters, log);
  const consumer = bus.consumer({
    groupId: `${topicPrefix}${domain}.${region}.${name}`,
    topics,
    handle: async (message) => {
      const item = await read(message);
      if (!item) return;
      const { event, effect } = item;
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
