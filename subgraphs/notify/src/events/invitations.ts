/**
 * The consumer of invitations issued by the auth service of this region
 * (`<region>.auth.invitation.v1`): reads each event through its contract and queues the
 * invitation email. An event that does not parse goes to the dead-letter topic
 * `<region>.dlq.notify.invitations.v1` with the reason, is logged, and is skipped.
 */
import type { Pool } from 'pg';
import { deadLetterTopic, invitationEvents, parseEnvelope, type RegionCode } from '@miw/contracts';
import { createDeadLetters, type EventBus } from '@miw/events';
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
  const consumer = bus.consumer({
    groupId: `${topicPrefix}notify.${region}.invitations`,
    topics: [topic],
    handle: async (message) => {
      let event;
      try {
        event = invitationEvents.parse(parseEnvelope(message.value));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.error({ reason, offset: message.offset }, 'skipping an unreadable invitation event (dead-lettered)');
        await deadLetters.publish(message, reason);
        return;
      }
      await queueInvitationMail({ pool, logger: log }, event);
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
