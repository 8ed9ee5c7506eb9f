/**
 * Catalog events: the full state of an entity after a change, in the outbox of the same
 * transaction, shaped by the catalog contracts of @miw/contracts. Snapshots are the replication
 * format (the sync worker applies them in CN). Each payload is built field by field, so a new
 * column changes no event until it is added here and to its contract.
 */
import {
  categoryEvents,
  globalRowPayload,
  manufacturerEvents,
  productEvents,
  storeEvents,
  type CategoryPayload,
  type ManufacturerPayload,
  type OutboxMessage,
  type ProductPayload,
  type StorePayload,
} from '@miw/contracts';
import type { Category, Manufacturer, Product, Store } from '../data/db';

export type CatalogEntity = 'Product' | 'Manufacturer' | 'Category' | 'Store';
export type CatalogVerb = 'created' | 'updated' | 'deleted';

function productPayload(row: Product): ProductPayload {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceAmount: row.priceAmount,
    currency: row.currency,
    // JSON columns are checked against their contract shape (the write path only stores objects).
    attributes: productEvents.payload.shape.attributes.parse(row.attributes),
    images: row.images,
    status: row.status,
    manufacturerId: row.manufacturerId,
    categoryId: row.categoryId,
    ...globalRowPayload(row),
  };
}

function manufacturerPayload(row: Manufacturer): ManufacturerPayload {
  return { id: row.id, name: row.name, organizationId: row.organizationId, country: row.country, ...globalRowPayload(row) };
}

function categoryPayload(row: Category): CategoryPayload {
  return { id: row.id, name: row.name, slug: row.slug, parentId: row.parentId, ...globalRowPayload(row) };
}

function storePayload(row: Store): StorePayload {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    region: row.region,
    address: storeEvents.payload.shape.address.parse(row.address),
    partnerOrganizationId: row.partnerOrganizationId,
    latitude: row.latitude,
    longitude: row.longitude,
    ...globalRowPayload(row),
  };
}

/** The envelope fields of a row's event. */
const about = (row: Product | Manufacturer | Category | Store, correlationId: string) => ({
  entityId: row.id,
  originRegion: row.originRegion,
  entityUpdatedAt: row.updatedAt,
  correlationId,
});

export const productEvent = (verb: CatalogVerb, row: Product, correlationId: string): OutboxMessage =>
  productEvents.message(verb, { ...about(row, correlationId), payload: productPayload(row) });

export const manufacturerEvent = (verb: CatalogVerb, row: Manufacturer, correlationId: string): OutboxMessage =>
  manufacturerEvents.message(verb, { ...about(row, correlationId), payload: manufacturerPayload(row) });

export const categoryEvent = (verb: CatalogVerb, row: Category, correlationId: string): OutboxMessage =>
  categoryEvents.message(verb, { ...about(row, correlationId), payload: categoryPayload(row) });

export const storeEvent = (verb: CatalogVerb, row: Store, correlationId: string): OutboxMessage =>
  storeEvents.message(verb, { ...about(row, correlationId), payload: storePayload(row) });
