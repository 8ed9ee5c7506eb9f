/**
 * The consumer of login codes issued by the auth service of this region
 * (`<region>.auth.login_code.v1`): reads each event through its contract and hands it to the
 * delivery service. An event that does not parse goes to the dead-letter topic
 * `<region>.dlq.notify.login-codes.v1` with the reason, is logged, and is skipped.
 */
import type { Pool } from 'pg';
import { deadLetterTopic, loginCodeEvents, type RegionCode } from '@miw/contracts';
import { createDeadLetters, readerOf, type EventBus } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';
import type { Mailer } from '../mail';
import { deliverLoginCode } from '../services/login-codes';

export interface LoginCodeConsumerDeps {
  bus: EventBus;
  pool: Pool;
  region: RegionCode;
  topicPrefix: string;
  mailer: Mailer;
  sealSecret: string;
  logger: Logger;
}

export function createLoginCodeConsumer({ bus, pool, region, topicPrefix, mailer, sealSecret, logger }: LoginCodeConsumerDeps): BackgroundWorker {
  const topic = loginCodeEvents.topic(region, topicPrefix);
  const log = logger.child({ component: 'login-code-mailer' });
  const deadLetters = createDeadLetters(bus, 'notify.login-codes', deadLetterTopic(region, 'notify.login-codes', topicPrefix));
  const read = readerOf([{ topic, read: (event) => loginCodeEvents.parse(event) }], deadLetters, log);
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.login-codes`,
    topics: [topic],
    handle: async (message) => {
      const item = await read(message);
      if (item) await deliverLoginCode({ pool, mailer, sealSecret, logger: log }, item.effect);
    },
  });
  return {
    start: async () => {
      await bus.ensureTopics([topic, deadLetters.topic]);
      await consumer.start();
    },
    stop: () => consumer.stop(),
  };
}
