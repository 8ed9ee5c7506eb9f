/**
 * The consumer of login codes issued by the auth service of this region
 * (`<region>.auth.login_code.v1`): reads each event through its contract and hands it to the
 * delivery service. An event that does not parse goes to the dead-letter topic
 * `<region>.dlq.notify.login-codes.v1` with the reason, is logged, and is skipped.
 */
import type { Pool } from 'pg';
import { deadLetterTopic, loginCodeEvents, parseEnvelope, type RegionCode } from '@miw/contracts';
import { createDeadLetters, type EventBus } from '@miw/events';
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
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.login-codes`,
    topics: [topic],
    handle: async (message) => {
      let event;
      try {
        event = loginCodeEvents.parse(parseEnvelope(message.value));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.error({ reason, offset: message.offset }, 'skipping an unreadable login-code event (dead-lettered)');
        await deadLetters.publish(message, reason);
        return;
      }
      await deliverLoginCode({ pool, mailer, sealSecret, logger: log }, event);
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
