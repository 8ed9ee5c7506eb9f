/**
 * The facts orders keeps from other domains (src/data/projection.ts), each fed by the contracts of
 * @miw/contracts through `createProjectionWorker` of @miw/events:
 * - catalog (master region's topics): products (price, name, status, maker), stores (region,
 *   partner), manufacturers (organization). Carts price and check lines with them; orders snapshot them.
 * - auth users of BOTH regions (each auth publishes its own writes): the email admins search
 *   orders by and notifications will write to.
 * Upserts keep the newest snapshot, so replays and reordering change nothing (no inbox).
 */
import type { Pool } from 'pg';
import { createProjectionWorker, inTransaction, route, type ProjectionDeps } from '@miw/events';
import { manufacturerEvents, MASTER_REGION, productEvents, REGIONS, storeEvents, userEvents, type EventEnvelope, type ManufacturerPayload, type ProductPayload, type StorePayload, type UserPayload } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { upsertManufacturerFact, upsertProductFact, upsertStoreFact, upsertUserFact } from '../data/projection';

async function applyProduct(pool: Pool, { payload: p }: EventEnvelope<ProductPayload>): Promise<boolean> {
  await inTransaction(pool, (client) =>
    upsertProductFact(client, { id: p.id, sku: p.sku, name: p.name, priceAmount: p.priceAmount, currency: p.currency, status: p.status, manufacturerId: p.manufacturerId, deletedAt: p.deletedAt, updatedAt: p.updatedAt }),
  );
  return true;
}

async function applyStore(pool: Pool, { payload: s }: EventEnvelope<StorePayload>): Promise<boolean> {
  await inTransaction(pool, (client) => upsertStoreFact(client, { id: s.id, region: s.region, partnerOrganizationId: s.partnerOrganizationId, deletedAt: s.deletedAt, updatedAt: s.updatedAt }));
  return true;
}

async function applyManufacturer(pool: Pool, { payload: m }: EventEnvelope<ManufacturerPayload>): Promise<boolean> {
  await inTransaction(pool, (client) => upsertManufacturerFact(client, { id: m.id, organizationId: m.organizationId, deletedAt: m.deletedAt, updatedAt: m.updatedAt }));
  return true;
}

async function applyUser(pool: Pool, event: EventEnvelope<UserPayload>): Promise<boolean> {
  const u = event.payload;
  await inTransaction(pool, (client) => upsertUserFact(client, { id: u.id, email: u.email, updatedAt: u.updatedAt, lastEventId: (u.lastEventId ?? event.eventId).toLowerCase() }));
  return true;
}

export function createCatalogProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(deps, 'catalog-projection', [
    route(productEvents.topic(MASTER_REGION, deps.topicPrefix), productEvents, applyProduct),
    route(storeEvents.topic(MASTER_REGION, deps.topicPrefix), storeEvents, applyStore),
    route(manufacturerEvents.topic(MASTER_REGION, deps.topicPrefix), manufacturerEvents, applyManufacturer),
  ]);
}

export function createUserProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(deps, 'user-projection', REGIONS.map((region) => route(userEvents.topic(region, deps.topicPrefix), userEvents, applyUser)));
}
