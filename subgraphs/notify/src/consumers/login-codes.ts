/**
 * Delivers login codes issued by the auth service of this region (`<region>.auth.login_code.v1`).
 * The code arrives sealed (see @miw/auth seal) and is opened only to write the email. The inbox
 * row and the send share a transaction: a redelivered event sends nothing; a failed send rolls
 * back and the event comes again. Expired codes are dropped.
 */
import type { Pool } from 'pg';
import { unseal } from '@miw/auth';
import { claimInboxEvent, inTransaction, type EventBus } from '@miw/events';
import { parseEnvelope, topicName, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';
import type { Mailer } from '../mail';

export interface LoginCodeConsumerDeps {
  bus: EventBus;
  pool: Pool;
  region: RegionCode;
  topicPrefix: string;
  mailer: Mailer;
  sealSecret: string;
  logger: Logger;
}

interface LoginCodePayload {
  email: string;
  name?: string;
  sealedCode: string;
  expiresAt: string;
}

export function createLoginCodeConsumer({ bus, pool, region, topicPrefix, mailer, sealSecret, logger }: LoginCodeConsumerDeps): BackgroundWorker {
  const topic = topicName(region, 'auth', 'login_code', topicPrefix);
  const log = logger.child({ component: 'login-code-mailer' });
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.login-codes`,
    topics: [topic],
    handle: async (message) => {
      let event;
      try {
        event = parseEnvelope(message.value);
      } catch (error) {
        log.error({ err: error, offset: message.offset }, 'skipping an unreadable login-code event');
        return;
      }
      const payload = event.payload as LoginCodePayload;
      if (Date.parse(payload.expiresAt) <= Date.now()) {
        log.info({ eventId: event.eventId }, 'login code expired before delivery; dropped');
        return;
      }
      let code: string;
      try {
        code = unseal(sealSecret, payload.sealedCode);
      } catch {
        log.error({ eventId: event.eventId }, 'login code could not be unsealed; dropped');
        return;
      }
      await inTransaction(pool, async (client) => {
        if (!(await claimInboxEvent(client, 'notify', 'login-code-mailer', event))) return;
        await mailer.send({
          to: payload.email,
          subject: 'Your MadeInWorld login code',
          text: `Hello ${payload.name ?? ''},\n\nYour login code is ${code}. It expires at ${payload.expiresAt} and works once.\n`,
          meta: { code },
        });
      });
      log.info({ eventId: event.eventId, correlationId: event.correlationId }, 'login code delivered');
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
