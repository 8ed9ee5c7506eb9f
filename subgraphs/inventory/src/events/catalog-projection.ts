/**
 * Keeps the local projection of catalog facts (src/data/projection.ts) from the catalog events
 * of the master region (EU): Store -> partner organization and region, Product -> manufacturer,
 * Manufacturer -> organization. Upserts keep the newest snapshot, so redelivered or out-of-order
 * events change nothing (no inbox needed: the effect is idempotent by `updatedAt`).
 */
import type { Pool } from 'pg';
import { inTransaction } from '@miw/events';
import { REGIONS, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { catalogTopics } from '@miw/subgraph-catalog';
import { upsertManufacturerFact, upsertProductFact, upsertStoreFact } from '../data/projection';
import { createProjectionWorker, dateOrNull, uuidOrNull, type ProjectionDeps } from './projection-worker';

/** Catalog data is mastered in EU; every region's inventory follows the EU topics. */
export const CATALOG_MASTER_REGION: RegionCode = 'eu';

/** Applies one catalog event to the projection; false when the event is not one it keeps. */
export async function applyCatalogFact(pool: Pool, event: EventEnvelope): Promise<boolean> {
  const p = event.payload as Record<string, unknown>;
  const id = uuidOrNull(p.id);
  const updatedAt = dateOrNull(p.updatedAt) ?? event.entityUpdatedAt;
  if (!id) return false;
  const deletedAt = dateOrNull(p.deletedAt);
  return inTransaction(pool, async (client) => {
    switch (event.entity) {
      case 'Store': {
        if (!REGIONS.includes(p.region as RegionCode)) return false;
        await upsertStoreFact(client, { id, region: p.region as RegionCode, partnerOrganizationId: uuidOrNull(p.partnerOrganizationId), deletedAt, updatedAt });
        return true;
      }
      case 'Product':
        await upsertProductFact(client, { id, manufacturerId: uuidOrNull(p.manufacturerId), deletedAt, updatedAt });
        return true;
      case 'Manufacturer':
        await upsertManufacturerFact(client, { id, organizationId: uuidOrNull(p.organizationId), deletedAt, updatedAt });
        return true;
      default:
        return false;
    }
  });
}

export function createCatalogProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(deps, 'catalog-projection', catalogTopics(CATALOG_MASTER_REGION, deps.topicPrefix), applyCatalogFact);
}
