/**
 * The consumer of login codes issued by the auth service of this region
 * (`<region>.auth.login_code.v1`): reads each event through its contract and hands it to the
 * delivery service. An event that does not parse is skipped, with the reason in the log.
 */
import type { Pool } from 'pg';
import { loginCodeEvents, parseEnvelope, type RegionCode } from '@miw/contracts';
import type { EventBus } from '@miw/events';
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
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.login-codes`,
    topics: [topic],
    handle: async (message) => {
      let event;
      try {
        event = loginCodeEvents.parse(parseEnvelope(message.value));
      } catch (error) {
        log.error({ err: error, reason: error instanceof Error ? error.message : String(error), offset: message.offset }, 'skipping an unreadable login-code event');
        return;
      }
      await deliverLoginCode({ pool, mailer, sealSecret, logger: log }, event);
    },
  });
  return {
    start: async () => {
      await bus.ensureTopics([topic]);
      await consumer.start();
    },
    stop: () => consumer.stop(),
  };
}
