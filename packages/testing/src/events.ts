/**
 * Events other domains publish, as tests publish them to feed a subgraph's projections through
 * real Kafka: catalog snapshots (as the EU catalog writes them) and organization and user
 * snapshots (as each region's auth writes them), through the contracts of @miw/contracts.
 */
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@miw/events';
import { manufacturerEvents, organizationEvents, productEvents, storeEvents, userEvents, type ManufacturerPayload, type OutboxMessage, type ProductPayload, type RegionCode, type StorePayload } from '@miw/contracts';

export interface OrganizationSnapshot {
  id: string;
  kind: 'MANUFACTURER' | 'LOGISTICS' | 'PARTNER';
  updatedAt: string;
  deletedAt?: string | null;
  /** Auth stamps it with the event id; omitted, the event id is used. */
  lastEventId?: string;
}

/** An outbox message as the relay sends it to Kafka, on the topics of test prefix `prefix`. */
const kafkaMessage = (message: OutboxMessage, prefix: string): OutgoingMessage => ({ topic: `${prefix}${message.topic}`, key: message.key, value: JSON.stringify(message.envelope) });

/** The Kafka message `region`'s auth publishes for an organization write (`<region>.auth.organization.v1`). */
export function organizationMessage(region: RegionCode, o: OrganizationSnapshot, prefix: string, verb: 'created' | 'updated' | 'deactivated' = 'updated', eventId: string = randomUUID()): OutgoingMessage {
  const message = organizationEvents.message(verb, {
    eventId,
    entityId: o.id,
    originRegion: region,
    entityUpdatedAt: new Date(o.updatedAt),
    correlationId: 'test-auth',
    payload: { name: `org ${o.id.slice(0, 8)}`, originRegion: region, createdAt: o.updatedAt, deletedAt: null, lastEventId: eventId, ...o },
  });
  return kafkaMessage(message, prefix);
}

/** The catalog facts a test cares about; the rest of the snapshot is filled in. */
export type CatalogFacts = { id: string; updatedAt: string } & Record<string, unknown>;

const rowOf = (f: CatalogFacts) => ({ originRegion: 'eu' as const, createdAt: f.updatedAt, deletedAt: null });

const storeSnapshot = (f: CatalogFacts): StorePayload => ({
  code: `S-${f.id.slice(0, 8)}`,
  name: `store ${f.id.slice(0, 8)}`,
  region: 'eu',
  address: { line1: 'Main St 1', city: 'Berlin', country: 'DE' },
  partnerOrganizationId: null,
  latitude: null,
  longitude: null,
  ...rowOf(f),
  ...f,
});

const productSnapshot = (f: CatalogFacts): ProductPayload => ({
  sku: `SKU-${f.id.slice(0, 8).toUpperCase()}`,
  name: `product ${f.id.slice(0, 8)}`,
  description: '',
  priceAmount: 1_000,
  currency: 'EUR',
  attributes: {},
  status: 'ACTIVE',
  manufacturerId: null,
  categoryId: null,
  ...rowOf(f),
  ...f,
});

const manufacturerSnapshot = (f: CatalogFacts): ManufacturerPayload => ({ name: `maker ${f.id.slice(0, 8)}`, organizationId: null, country: null, ...rowOf(f), ...f });

/** The Kafka message the EU catalog publishes for a write of `entity` (its whole snapshot, through the catalog contract). */
export function catalogMessage(entity: 'Store' | 'Product' | 'Manufacturer', facts: CatalogFacts, prefix: string): OutgoingMessage {
  const event = { entityId: facts.id, originRegion: 'eu' as const, entityUpdatedAt: new Date(facts.updatedAt), correlationId: 'test-catalog' };
  if (entity === 'Store') return kafkaMessage(storeEvents.message('updated', { ...event, payload: storeSnapshot(facts) }), prefix);
  if (entity === 'Product') return kafkaMessage(productEvents.message('updated', { ...event, payload: productSnapshot(facts) }), prefix);
  return kafkaMessage(manufacturerEvents.message('updated', { ...event, payload: manufacturerSnapshot(facts) }), prefix);
}

/** The Kafka message `region`'s auth publishes for a user write (`<region>.auth.user.v1`). */
export function userMessage(region: RegionCode, u: { id: string; email: string; updatedAt: string }, prefix: string, eventId: string = randomUUID()): OutgoingMessage {
  const message = userEvents.message('updated', {
    eventId,
    entityId: u.id,
    originRegion: region,
    entityUpdatedAt: new Date(u.updatedAt),
    correlationId: 'test-auth',
    payload: { name: u.email, role: 'CUSTOMER', organizationId: null, homeRegion: region, originRegion: region, createdAt: u.updatedAt, deletedAt: null, lastEventId: eventId, ...u },
  });
  return kafkaMessage(message, prefix);
}
