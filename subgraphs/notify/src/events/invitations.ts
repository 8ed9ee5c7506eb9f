/**
 * The consumer of invitations issued by the auth service of this region
 * (`<region>.auth.invitation.v1`): reads each event through its contract and queues the
 * invitation email. An event that does not parse goes to the dead-letter topic
 * `<region>.dlq.notify.invitations.v1` with the reason, is logged, and is skipped.
 */
import type { Pool } from 'pg';
import { deadLetterTopic, invitationEvents, type RegionCode } from '@miw/contracts';
import { createDeadLetters, readerOf, type EventBus } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';
import { queueInvitationMail } from '../services/invitations';

export interface InvitationConsumerDeps {
  bus: EventBus;
  pool: Pool;
  region: RegionCode;
  topicPrefix: string;
  logger: Logger;
}

export function createInvitationConsumer({ bus, pool, region, topicPrefix, logger }: InvitationConsumerDeps): BackgroundWorker {
  const topic = invitationEvents.topic(region, topicPrefix);
  const log = logger.child({ component: 'invitation-mailer' });
  const deadLetters = createDeadLetters(bus, 'notify.invitations', deadLetterTopic(region, 'notify.invitations', topicPrefix));
  const read = readerOf([{ topic, read: (event) => invitationEvents.parse(event) }], deadLetters, log);
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.invitations`,
    topics: [topic],
    handle: async (message) => {
      const item = await read(message);
      if (item) await queueInvitationMail({ pool, logger: log }, item.effect);
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
