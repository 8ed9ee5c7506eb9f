/**
 * From a Kafka message to what the worker applies, or to the reason it will not: the envelope, the
 * route of its topic, its origin, the contract of the topic (type, entity, payload), the
 * replicator's statement parameters and the clock-skew limit. Pure apart from the given clock.
 */
import { InvalidEnvelopeError, InvalidEventError, parseEnvelope, type EventEnvelope, type RegionCode } from '@miw/contracts';
import { InvalidReplicationEvent, type IncomingMessage } from '@miw/events';
import { futureTimestamp } from './policy';
import type { Route } from './routes';

type PoisonReason = 'INVALID_ENVELOPE' | 'INVALID_EVENT' | 'FUTURE_TIMESTAMP' | 'APPLY_FAILED';

/** A message ready to apply. */
export interface Decoded {
  message: IncomingMessage;
  event: EventEnvelope;
  route: Route;
  params: unknown[];
}

/** A message that will not apply, and why: it goes to the dead-letter topic and table. */
export interface Poison {
  message: IncomingMessage;
  eventId: string | null;
  reason: PoisonReason;
  error: string;
  attempts: number;
}

export interface DecodeRules {
  /** Routes by topic (with the topic prefix). */
  routes: ReadonlyMap<string, Route>;
  /** The only origin region accepted. */
  from: RegionCode;
  now: () => Date;
  maxClockSkewMs: number;
}

export const isPoison = (d: Decoded | Poison): d is Poison => 'reason' in d;

export function decodeMessage(message: IncomingMessage, rules: DecodeRules): Decoded | Poison {
  let event: EventEnvelope | undefined;
  const poison = (reason: PoisonReason, error: string): Poison => ({ message, eventId: event?.eventId ?? null, reason, error, attempts: 1 });
  try {
    event = parseEnvelope(message.value);
    const route = rules.routes.get(message.topic);
    if (!route) throw new InvalidReplicationEvent(`no route for topic ${message.topic}`);
    if (event.originRegion !== rules.from) throw new InvalidReplicationEvent(`origin ${event.originRegion} is not ${rules.from}`);
    event = route.contract.parse(event);
    const params = route.replicator.prepare(event);
    const future = futureTimestamp([event.entityUpdatedAt, (event.payload as { updatedAt?: string }).updatedAt], rules.now(), rules.maxClockSkewMs);
    if (future) return poison('FUTURE_TIMESTAMP', future);
    return { message, event, route, params };
  } catch (error) {
    if (error instanceof InvalidEnvelopeError) return poison('INVALID_ENVELOPE', error.message);
    if (error instanceof InvalidEventError || error instanceof InvalidReplicationEvent) return poison('INVALID_EVENT', error.message);
    throw error;
  }
}
