/**
 * Dead letters of a consumer: a message it cannot read (not an envelope, or not matching its
 * topic's contract) is published, with the reason and the original bytes, on the consumer's
 * dead-letter topic (`deadLetterTopic` in @miw/contracts), then skipped. A failed publish throws,
 * so the message is not committed and is delivered again: nothing is dropped silently.
 * (The sync worker keeps its own, replayable dead letters: see sync-worker/src/dead-letter.ts.)
 */
import { InvalidEventError, parseEnvelope, type EventEnvelope } from '@miw/contracts';
import type { Logger } from '@miw/logging';
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

/** How a consumer reads one topic: the contract's parse (throws InvalidEventError) and what follows from the typed event. */
export interface TopicReader<E> {
  topic: string;
  read(event: EventEnvelope): E;
}

/**
 * The one way consumers read a message: the envelope, then the contract of its topic. What does
 * not parse is logged, published to the dead letters with the reason (and the event id when the
 * envelope was readable), and answered as null, so the consumer skips it and goes on; any other
 * error is thrown (the message is delivered again).
 */
export function readerOf<E>(routes: readonly TopicReader<E>[], deadLetters: DeadLetters, log: Logger): (message: IncomingMessage) => Promise<{ event: EventEnvelope; effect: E } | null> {
  const byTopic = new Map(routes.map((r) => [r.topic, r]));
  return async (message) => {
    const where = { topic: message.topic, offset: message.offset };
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error({ ...where, reason }, 'skipping an unreadable event (dead-lettered)');
      await deadLetters.publish(message, reason);
      return null;
    }
    try {
      return { event, effect: byTopic.get(message.topic)!.read(event) };
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      log.error({ ...where, eventId: event.eventId, type: event.type, reason: error.message }, 'skipping an event that does not match its contract (dead-lettered)');
      await deadLetters.publish(message, error.message, event.eventId);
      return null;
    }
  };
}
