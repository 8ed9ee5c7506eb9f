/**
 * Dead letters of a consumer: a message it cannot read (not an envelope, or not matching its
 * topic's contract) is published, with the reason and the original bytes, on the consumer's
 * dead-letter topic (`deadLetterTopic` in @miw/contracts), then skipped. A failed publish throws,
 * so the message is not committed and is delivered again: nothing is dropped silently.
 * (The sync worker keeps its own, replayable dead letters: see sync-worker/src/dead-letter.ts.)
 */
import type { EventBus, EventProducer, IncomingMessage } from './kafka';

/** What a dead-letter topic carries per unreadable message. */
export interface DeadLetterRecord {
  consumer: string;
  reason: string;
  eventId: string | null;
  failedAt: string;
  source: { topic: string; partition: number; offset: string; key: string | null };
  /** The message value as received, base64. */
  original: string | null;
}

export interface DeadLetters {
  readonly topic: string;
  publish(message: IncomingMessage, reason: string, eventId?: string | null): Promise<void>;
}

export function createDeadLetters(bus: EventBus, consumer: string, topic: string, now: () => Date = () => new Date()): DeadLetters {
  let producer: EventProducer | undefined;
  return {
    topic,
    async publish(message, reason, eventId = null) {
      const record: DeadLetterRecord = {
        consumer,
        reason,
        eventId,
        failedAt: now().toISOString(),
        source: { topic: message.topic, partition: message.partition, offset: message.offset, key: message.key },
        original: message.value ? message.value.toString('base64') : null,
      };
      producer ??= bus.producer();
      await producer.send([{ topic, key: `${message.topic}:${message.partition}:${message.offset}`, value: JSON.stringify(record) }]);
    },
  };
}
