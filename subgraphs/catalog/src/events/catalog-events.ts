/**
 * Catalog events: the full state of an entity after a change, in the outbox of the same
 * transaction. Snapshots are the replication format (sync-worker applies them in CN).
 */
import { outboxRow, type OutboxRow } from '@miw/events';
import { topicName, type RegionCode } from '@miw/contracts';
import type { Category, Manufacturer, Product, Store } from '../data/db';

export type CatalogEntity = 'Product' | 'Manufacturer' | 'Category' | 'Store';
export type CatalogRow = Product | Manufacturer | Category | Store;

/** Dates as ISO strings, everything else as stored. */
export function snapshot(row: CatalogRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

export function catalogEvent(entity: CatalogEntity, verb: 'created' | 'updated' | 'deleted', row: CatalogRow, correlationId: string): OutboxRow {
  const name = entity.toLowerCase();
  return outboxRow(topicName(row.originRegion as RegionCode, 'catalog', name), {
    type: `catalog.${name}.${verb}`,
    entity,
    entityId: row.id,
    originRegion: row.originRegion as RegionCode,
    entityUpdatedAt: row.updatedAt,
    correlationId,
    payload: snapshot(row),
  });
}

/** Topics the CN mirror consumes from EU. */
export const CATALOG_ENTITIES: CatalogEntity[] = ['Product', 'Manufacturer', 'Category', 'Store'];
export const catalogTopics = (from: RegionCode, prefix = '') => CATALOG_ENTITIES.map((e) => topicName(from, 'catalog', e, prefix));
