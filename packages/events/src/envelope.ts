/**
 * The event envelope: what every domain event looks like on Kafka and in the outbox.
 * Consumers must accept unknown extra fields (forward compatible) and reject a missing required one.
 */
import { randomUUID } from 'node:crypto';

export const REGIONS = ['eu', 'cn'] as const;
export type RegionCode = (typeof REGIONS)[number];

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
  /** Envelope format version. */
  version: 1;
  /** Full entity state after the change (a tombstone carries the last state with `deletedAt`). */
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isIsoDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

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
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.eventId !== 'string' || !UUID.test(e.eventId)) problems.push('eventId');
  for (const field of ['type', 'entity', 'entityId', 'correlationId'] as const) if (!isNonEmpty(e[field])) problems.push(field);
  if (!REGIONS.includes(e.originRegion as RegionCode)) problems.push('originRegion');
  if (!isIsoDate(e.occurredAt)) problems.push('occurredAt');
  if (!isIsoDate(e.entityUpdatedAt)) problems.push('entityUpdatedAt');
  if (e.version !== 1) problems.push('version');
  if (typeof e.payload !== 'object' || e.payload === null) problems.push('payload');
  if (problems.length) throw new InvalidEnvelopeError(`invalid fields: ${problems.join(', ')}`);
  return e as unknown as EventEnvelope;
}

/** `<prefix><region>.<domain>.<entity>.v1`. The prefix isolates test runs on a shared broker. */
export function topicName(region: RegionCode, domain: string, entity: string, prefix = ''): string {
  return `${prefix}${region}.${domain}.${entity.toLowerCase()}.v1`;
}
