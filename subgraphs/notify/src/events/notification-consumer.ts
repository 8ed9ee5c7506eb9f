/**
 * What every notification consumer shares: a durable consumer group per consumer and region that
 * reads each event with the contract of its topic, then claims the event in notify's inbox and
 * dispatches its notifications in the same transaction (a redelivered event notifies no one twice; a
 * failure rolls both back and the event comes again). An event that does not parse goes to the
 * consumer's dead-letter topic `<region>.dlq.notify.<name>.v1` with the reason, is logged, and is
 * skipped.
 */
import type { Pool, PoolClient } from 'pg';
import { deadLetterTopic, type EventEnvelope, type RegionCode } from '@miw/contracts';
import { claimInboxEvent, createDeadLetters, inTransaction, readerOf, type EventBus, type TopicReader } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';

export interface NotificationConsumerDeps {
  bus: EventBus;
  pool: Pool;
  region: RegionCode;
  topicPrefix: string;
  logger: Logger;
}

/** How one topic's events are read (with the contract) and turned into notifications. */
type Notifies = (client: PoolClient, region: RegionCode) => Promise<number>;
type NotificationRoute = TopicReader<Notifies>;

/** A route reading `topic` with `contract` and notifying of its typed events with `notify`. */
export function notificationRoute<P>(
  topic: string,
  contract: { parse(event: EventEnvelope): EventEnvelope<P> },
  notify: (client: PoolClient, region: RegionCode, event: EventEnvelope<P>) => Promise<number>,
): NotificationRoute {
  return {
    topic,
    read: (event) => {
      const typed = contract.parse(event);
      return (client, region) => notify(client, region, typed);
    },
  };
}

/** Events applied per transaction. */
const BATCH_TRANSACTION = 100;

interface Readable {
  event: EventEnvelope;
  notify: Notifies;
}

export function createNotificationConsumer({ bus, pool, region, topicPrefix, logger }: NotificationConsumerDeps, name: string, routes: NotificationRoute[]): BackgroundWorker {
  const log = logger.child({ component: name });
  const topics = routes.map((r) => r.topic);
  const deadLetters = createDeadLetters(bus, `notify.${name}`, deadLetterTopic(region, `notify.${name}`, topicPrefix));
  const read = readerOf(routes, deadLetters, log);

  /**
   * A fetched batch is applied in transactions of up to BATCH_TRANSACTION events: one commit for
   * many events instead of one each (the commit dominated the cost of an event), each event still
   * claimed in the inbox, so a batch that fails is rolled back whole and comes again without
   * notifying anyone twice.
   */
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.${name}`,
    topics,
    maxBytesPerPartition: 1024 * 1024,
    handleBatch: async (messages, { heartbeat }) => {
      const readable: Readable[] = [];
      for (const message of messages) {
        const item = await read(message);
        if (item) readable.push({ event: item.event, notify: item.effect });
      }
      for (let i = 0; i < readable.length; i += BATCH_TRANSACTION) {
        const chunk = readable.slice(i, i + BATCH_TRANSACTION);
        const written = await inTransaction(pool, async (client) => {
          let total = 0;
          for (const { event, notify } of chunk) if (await claimInboxEvent(client, 'notify', name, event)) total += await notify(client, region);
          return total;
        });
        log.debug({ events: chunk.length, written }, 'events notified');
        await heartbeat();
      }
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
