/**
 * Dead-lettering: a message that cannot apply is recorded in `sync.dead_letter` of the target
 * database (replayable with `sync-worker dlq replay`) and published, with the reason, on the
 * direction's dead-letter topic; then the worker goes on with the next message.
 */
import type { Pool } from 'pg';
import type { EventProducer, OutgoingMessage } from '@miw/events';
import type { Poison } from './decode';
import { recordDeadLetter, type DeadLetter } from './store';

/** The dead-letter topic message of a recorded dead letter (the original value in base64). */
export function deadLetterMessage(topic: string, row: DeadLetter): OutgoingMessage {
  const value = JSON.stringify({
    id: row.id,
    direction: row.direction,
    reason: row.reason,
    error: row.error,
    attempts: row.attempts,
    firstFailedAt: row.firstFailedAt,
    lastFailedAt: row.lastFailedAt,
    source: { topic: row.topic, partition: row.partition, offset: row.offset, key: row.key },
    eventId: row.eventId,
    original: row.value ? row.value.toString('base64') : null,
  });
  return { topic, key: row.id, value };
}

export interface DeadLetterDeps {
  target: Pool;
  direction: string;
  /** The dead-letter topic (with the prefix). */
  topic: string;
  producer(): EventProducer;
  /** Runs a step until it succeeds (transient failures wait). */
  untilDone<T>(what: string, fn: () => Promise<T>): Promise<T>;
}

/** Records and publishes one poison message; returns its row. */
export async function deadLetter(p: Poison, deps: DeadLetterDeps): Promise<DeadLetter> {
  const { message } = p;
  const row = await deps.untilDone('dead-letter record', () =>
    recordDeadLetter(deps.target, {
      direction: deps.direction,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      eventId: p.eventId,
      reason: p.reason,
      error: p.error,
      attempts: p.attempts,
    }),
  );
  await deps.untilDone('dead-letter publish', () => deps.producer().send([deadLetterMessage(deps.topic, row)]));
  return row;
}
