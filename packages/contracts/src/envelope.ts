/**
 * The event envelope: what every domain event looks like on Kafka and in the outbox.
 * Consumers accept unknown extra fields (forward compatible) and reject a missing required one.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { UUID_PATTERN } from './ids';
import { REGIONS, type RegionCode } from './regions';

export interface EventEnvelope<P = unknown> {
  /** Unique per event; consumers deduplicate on it (inbox). */
  eventId: string;
  /** `<domain>.<entity>.<verb>`, e.g. `catalog.product.created`. */
  type: string;
  /** Entity type name as in the GraphQL schema, e.g. `Product`. */
  entity: string;
  entityId: string;
  /** Region where the change was made. */
  originRegion: RegionCode;
  /** When the change was committed (ISO 8601). */
  occurredAt: string;
  /** The entity's `updatedAt` after the change (ISO 8601): the conflict-resolution clock. */
  entityUpdatedAt: string;
  correlationId: string;
  /**
   * W3C trace context of the change (set when tracing is on): consumers continue that trace, so a
   * change, its relay and every consumer of it, in either region, are one trace.
   */
  traceparent?: string;
  /** Envelope format version. */
  version: 1;
  /** The event's payload, shaped by its contract (a snapshot carries the entity's full state). */
  payload: P;
}

export interface NewEvent<P> {
  type: string;
  entity: string;
  entityId: string;
  originRegion: RegionCode;
  entityUpdatedAt: Date;
  correlationId: string;
  payload: P;
  occurredAt?: Date;
  eventId?: string;
}

export function createEnvelope<P>(e: NewEvent<P>): EventEnvelope<P> {
  return {
    eventId: e.eventId ?? randomUUID(),
    type: e.type,
    entity: e.entity,
    entityId: e.entityId,
    originRegion: e.originRegion,
    occurredAt: (e.occurredAt ?? new Date()).toISOString(),
    entityUpdatedAt: e.entityUpdatedAt.toISOString(),
    correlationId: e.correlationId,
    version: 1,
    payload: e.payload,
  };
}

export class InvalidEnvelopeError extends Error {
  override name = 'InvalidEnvelopeError';
}

const text = z.string().min(1).max(256);
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)));

const envelopeSchema = z.looseObject({
  eventId: z.string().regex(UUID_PATTERN),
  type: text,
  entity: text,
  entityId: text,
  correlationId: text,
  originRegion: z.enum(REGIONS),
  occurredAt: isoDate,
  entityUpdatedAt: isoDate,
  version: z.literal(1),
  payload: z.looseObject({}),
});

/** Parses and validates a raw Kafka message value; throws InvalidEnvelopeError with the reason. */
export function parseEnvelope(raw: Buffer | string | null | undefined): EventEnvelope {
  if (raw == null) throw new InvalidEnvelopeError('empty message');
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw new InvalidEnvelopeError('message is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidEnvelopeError('message is not an object');
  const result = envelopeSchema.safeParse(value);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? 'message')))];
    throw new InvalidEnvelopeError(`invalid fields: ${fields.join(', ')}`);
  }
  // The checked fields are typed; unknown extra fields are kept (forward compatible).
  return value as EventEnvelope;
}
