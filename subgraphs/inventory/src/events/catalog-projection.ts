/**
 * Keeps the local projection of catalog facts (src/data/projection.ts) from the catalog events
 * of the master region (catalog contracts of @miw/contracts): Store -> partner organization and
 * region, Product -> manufacturer, Manufacturer -> organization. Upserts keep the newest snapshot,
 * so redelivered or out-of-order events change nothing (no inbox needed: the effect is idempotent
 * by `updatedAt`).
 */
import type { Pool } from 'pg';
import { createProjectionWorker, inTransaction, route, type ProjectionDeps } from '@miw/events';
import { manufacturerEvents, MASTER_REGION, productEvents, storeEvents, type EventEnvelope, type ManufacturerPayload, type ProductPayload, type StorePayload } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { upsertManufacturerFact, upsertProductFact, upsertStoreFact } from '../data/projection';

async function applyStore(pool: Pool, { payload: s }: EventEnvelope<StorePayload>): Promise<boolean> {
  await inTransaction(pool, (client) => upsertStoreFact(client, { id: s.id, region: s.region, partnerOrganizationId: s.partnerOrganizationId, deletedAt: s.deletedAt, updatedAt: s.updatedAt }));
  return true;
}

async function applyProduct(pool: Pool, { payload: p }: EventEnvelope<ProductPayload>): Promise<boolean> {
  await inTransaction(pool, (client) => upsertProductFact(client, { id: p.id, manufacturerId: p.manufacturerId, deletedAt: p.deletedAt, updatedAt: p.updatedAt }));
  return true;
}

async function applyManufacturer(pool: Pool, { payload: m }: EventEnvelope<ManufacturerPayload>): Promise<boolean> {
  await inTransaction(pool, (client) => upsertManufacturerFact(client, { id: m.id, organizationId: m.organizationId, deletedAt: m.deletedAt, updatedAt: m.updatedAt }));
  return true;
}

/** Catalog data is mastered in one region; every region's inventory follows its topics. */
export function createCatalogProjection(deps: ProjectionDeps): BackgroundWorker {
  const topic = (contract: { topic(region: typeof MASTER_REGION, prefix?: string): string }) => contract.topic(MASTER_REGION, deps.topicPrefix);
  return createProjectionWorker(deps, 'catalog-projection', [
    route(topic(storeEvents), storeEvents, applyStore),
    route(topic(productEvents), productEvents, applyProduct),
    route(topic(manufacturerEvents), manufacturerEvents, applyManufacturer),
  ]);
}
