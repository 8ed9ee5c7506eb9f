/**
 * The consumer of this region's audit topics (`<region>.catalog.audit.v1`,
 * `<region>.inventory.audit.v1`, `<region>.orders.audit.v1`): each event is read through its
 * topic's contract and stored in the audit log (services/audit-feed.ts). An event that does not
 * parse, names no UUID as its entry id, or comes from another region (audit entries never leave
 * theirs) goes to `<region>.dlq.auth.audit-feed.v1` with the reason, is logged, and is skipped. A
 * database failure throws: the message is delivered again, so no entry is lost.
 */
import { AUDIT_CONTRACTS, contractOfTopic, deadLetterTopic, InvalidEventError, isUuid, parseEnvelope, type AuditPayload, type EventEnvelope, type RegionCode } from '@miw/contracts';
import { createDeadLetters, type EventBus, type IncomingMessage } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';
import type { AuthDb } from '../data/db';
import { AUDIT_FEED, storeAuditEvent } from '../services/audit-feed';

export interface AuditFeedDeps {
  bus: EventBus;
  db: AuthDb;
  region: RegionCode;
  topicPrefix: string;
  logger: Logger;
}

/** The audit event a message carries, checked against its topic's contract; throws with the reason. */
function readAuditEvent(message: IncomingMessage, region: RegionCode, topicPrefix: string): EventEnvelope<AuditPayload> {
  const contract = contractOfTopic(AUDIT_CONTRACTS, message.topic, region, topicPrefix);
  if (!contract) throw new InvalidEventError(`${message.topic} is not an audit topic of ${region}`);
  const event = contract.parse(parseEnvelope(message.value)) as EventEnvelope<AuditPayload>;
  if (!isUuid(event.entityId)) throw new InvalidEventError('entityId (the audit entry id) is not a UUID');
  if (event.originRegion !== region) throw new InvalidEventError(`an audit entry of ${event.originRegion} on a topic of ${region}`);
  return event;
}

export function createAuditFeed({ bus, db, region, topicPrefix, logger }: AuditFeedDeps): BackgroundWorker {
  const topics = AUDIT_CONTRACTS.map((contract) => contract.topic(region, topicPrefix));
  const log = logger.child({ component: 'audit-feed' });
  const deadLetters = createDeadLetters(bus, AUDIT_FEED, deadLetterTopic(region, AUDIT_FEED, topicPrefix));
  const consumer = bus.consumer({
    groupId: `${topicPrefix}auth.${region}.audit-feed`,
    topics,
    handle: async (message) => {
      let event;
      try {
        event = readAuditEvent(message, region, topicPrefix);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.error({ reason, topic: message.topic, offset: message.offset }, 'skipping an unreadable audit event (dead-lettered)');
        await deadLetters.publish(message, reason);
        return;
      }
      const stored = await storeAuditEvent({ db }, event);
      log.debug({ eventId: event.eventId, action: event.payload.action, stored }, stored ? 'audit entry stored' : 'audit entry already stored');
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
