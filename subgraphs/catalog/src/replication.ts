/**
 * The catalog's replicated tables, applied to this region's catalog schema by the sync worker
 * (the only writer of mirrored rows) through @miw/events' replicator: the inbox row and the
 * conditional upsert commit together, so a redelivered event changes nothing, and an older
 * snapshot never overwrites a newer one. Applied rows are not written to the outbox: a mirrored
 * change is never echoed back.
 */
import type { Pool } from 'pg';
import { claimInboxEvent, createReplicator, inTransaction, InvalidReplicationEvent, replicatedColumn as col, type ApplyOutcome, type ReplicatedTable } from '@miw/events';
import { type EventEnvelope } from '@miw/contracts';
import type { CatalogEntity } from './events/catalog-events';

const common = [
  col('originRegion', 'origin_region', '"catalog"."Region"'),
  col('createdAt', 'created_at', 'timestamptz'),
  col('updatedAt', 'updated_at', 'timestamptz'),
  col('deletedAt', 'deleted_at', 'timestamptz', false),
];

const TABLES: Record<CatalogEntity, ReplicatedTable> = {
  Product: {
    table: 'product',
    columns: [
      col('id', 'id', 'uuid'),
      col('sku', 'sku', 'text'),
      col('name', 'name', 'text'),
      col('description', 'description', 'text'),
      col('priceAmount', 'price_amount', 'integer'),
      col('currency', 'currency', 'text'),
      col('attributes', 'attributes', 'jsonb'),
      col('images', 'images', 'text[]', false),
      col('status', 'status', '"catalog"."ProductStatus"'),
      col('manufacturerId', 'manufacturer_id', 'uuid', false),
      col('categoryId', 'category_id', 'uuid', false),
      ...common,
    ],
  },
  Manufacturer: {
    table: 'manufacturer',
    columns: [col('id', 'id', 'uuid'), col('name', 'name', 'text'), col('organizationId', 'organization_id', 'uuid', false), col('country', 'country', 'text', false), ...common],
  },
  Category: {
    table: 'category',
    columns: [col('id', 'id', 'uuid'), col('name', 'name', 'text'), col('slug', 'slug', 'text'), col('parentId', 'parent_id', 'uuid', false), ...common],
  },
  Store: {
    table: 'store',
    columns: [
      col('id', 'id', 'uuid'),
      col('code', 'code', 'text'),
      col('name', 'name', 'text'),
      col('region', 'region', '"catalog"."Region"'),
      col('address', 'address', 'jsonb'),
      col('partnerOrganizationId', 'partner_organization_id', 'uuid', false),
      col('latitude', 'latitude', 'double precision', false),
      col('longitude', 'longitude', 'double precision', false),
      ...common,
    ],
  },
};

/** The catalog's replicated tables (EU is the only writer region; see docs/sync.md). */
export const catalogReplicator = createReplicator({ schema: 'catalog', tables: TABLES, tieBreak: false });

export { InvalidReplicationEvent, type ApplyOutcome };

export const isCatalogEntity = (entity: string): entity is CatalogEntity => entity in TABLES;

/** Applies one catalog event in `pool`'s database, with its inbox row. `consumer` names the inbox owner. */
export async function applyCatalogEvent(pool: Pool, event: EventEnvelope, consumer: string): Promise<ApplyOutcome> {
  if (!isCatalogEntity(event.entity)) throw new InvalidReplicationEvent(`unknown catalog entity ${event.entity}`);
  const params = catalogReplicator.prepare(event);
  return inTransaction(pool, async (client) => {
    if (!(await claimInboxEvent(client, 'catalog', consumer, event))) return 'duplicate';
    return (await catalogReplicator.upsert(client, event.entity, params)) ? 'applied' : 'stale';
  });
}
