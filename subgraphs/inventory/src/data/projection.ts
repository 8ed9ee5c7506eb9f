/**
 * The local projection of catalog facts inventory needs for access rules and event audiences:
 * who runs a store, which manufacturer makes a product, which organization acts for a
 * manufacturer. Fed only by catalog events (src/events/catalog-projection.ts).
 */
import type { PoolClient } from 'pg';
import type { RegionCode } from '@miw/contracts';
import { audienceOf, type Audience } from '../domain/audience';
import type { InventoryReader } from './db';

export interface StoreFact {
  id: string;
  region: RegionCode;
  partnerOrganizationId: string | null;
  deletedAt: string | null;
  updatedAt: string;
}
export interface ProductFact {
  id: string;
  manufacturerId: string | null;
  deletedAt: string | null;
  updatedAt: string;
}
export interface ManufacturerFact {
  id: string;
  organizationId: string | null;
  deletedAt: string | null;
  updatedAt: string;
}

/* Each upsert keeps the newest snapshot: an older or replayed event changes nothing. */

export async function upsertStoreFact(client: PoolClient, s: StoreFact): Promise<void> {
  await client.query(
    `INSERT INTO inventory.catalog_store AS t (id, region, partner_organization_id, deleted_at, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, partner_organization_id = EXCLUDED.partner_organization_id,
       deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at WHERE t.updated_at <= EXCLUDED.updated_at`,
    [s.id, s.region, s.partnerOrganizationId, s.deletedAt, s.updatedAt],
  );
}

export async function upsertProductFact(client: PoolClient, p: ProductFact): Promise<void> {
  await client.query(
    `INSERT INTO inventory.catalog_product AS t (id, manufacturer_id, deleted_at, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET manufacturer_id = EXCLUDED.manufacturer_id, deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at
     WHERE t.updated_at <= EXCLUDED.updated_at`,
    [p.id, p.manufacturerId, p.deletedAt, p.updatedAt],
  );
}

export async function upsertManufacturerFact(client: PoolClient, m: ManufacturerFact): Promise<void> {
  await client.query(
    `INSERT INTO inventory.catalog_manufacturer AS t (id, organization_id, deleted_at, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id, deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at
     WHERE t.updated_at <= EXCLUDED.updated_at`,
    [m.id, m.organizationId, m.deletedAt, m.updatedAt],
  );
}

export interface KnownStore {
  id: string;
  region: string;
  partnerOrganizationId: string | null;
}

/** Stores known to the projection and not deleted. */
export async function findStores(db: InventoryReader, ids: readonly string[]): Promise<KnownStore[]> {
  const rows = await db.catalogStore.findMany({ where: { id: { in: [...ids] }, deletedAt: null } });
  return rows.map((r) => ({ id: r.id, region: r.region, partnerOrganizationId: r.partnerOrganizationId }));
}

/** The organization making each product (products without a known manufacturer organization are absent). */
export async function makerOrganizations(db: InventoryReader, productIds: readonly string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ productId: string; organizationId: string }[]>`
    SELECT p.id::text AS "productId", m.organization_id::text AS "organizationId"
      FROM inventory.catalog_product p JOIN inventory.catalog_manufacturer m ON m.id = p.manufacturer_id
     WHERE p.id = ANY(${[...productIds]}::uuid[]) AND m.organization_id IS NOT NULL`;
  return new Map(rows.map((r) => [r.productId, r.organizationId]));
}

/** Known products, not deleted. */
export async function knownProducts(db: InventoryReader, productIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.catalogProduct.findMany({ where: { id: { in: [...productIds] }, deletedAt: null }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** Ids of the stores an organization runs. */
export async function storesOfOrganization(db: InventoryReader, organizationId: string): Promise<string[]> {
  const rows = await db.catalogStore.findMany({ where: { partnerOrganizationId: organizationId }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** Ids of the products an organization makes. */
export async function productsOfOrganization(db: InventoryReader, organizationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id::text AS id FROM inventory.catalog_product p JOIN inventory.catalog_manufacturer m ON m.id = p.manufacturer_id
     WHERE m.organization_id = ${organizationId}::uuid`;
  return rows.map((r) => r.id);
}

/**
 * Organizations allowed to see an object about `storeId` and `productIds` besides admins: the
 * partner running the store and the makers of the products (plus `extra`, e.g. the 3PL).
 */
export async function audienceFor(db: InventoryReader, storeId: string, productIds: readonly string[], ...extra: (string | null | undefined)[]): Promise<Audience> {
  const [stores, makers] = await Promise.all([findStores(db, [storeId]), makerOrganizations(db, productIds)]);
  return audienceOf(stores[0]?.partnerOrganizationId, ...makers.values(), ...extra);
}

/** `audienceFor` when the store's partner is already known (one query fewer). */
export async function audienceOfKnownStore(db: InventoryReader, partnerOrganizationId: string | null, productIds: readonly string[]): Promise<Audience> {
  return audienceOf(partnerOrganizationId, ...(await makerOrganizations(db, productIds)).values());
}
