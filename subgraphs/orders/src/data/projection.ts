/**
 * The local projection of other domains' facts orders needs: catalog products (price, name,
 * status, maker), stores (region, partner), manufacturers (organization) and users (email, for
 * the admins' search). Fed only by catalog and auth events (src/events/projections.ts); never read
 * from the other domains' tables. Each upsert keeps the newest snapshot: an older or replayed
 * event changes nothing.
 */
import type { PoolClient } from 'pg';
import type { RegionCode } from '@miw/contracts';
import type { CatalogProduct, CatalogStore, OrdersReader } from './db';

export async function upsertProductFact(client: PoolClient, p: { id: string; sku: string; name: string; priceAmount: number; currency: string; status: string; manufacturerId: string | null; deletedAt: string | null; updatedAt: string }): Promise<void> {
  await client.query(
    `INSERT INTO orders.catalog_product AS t (id, sku, name, price_amount, currency, status, manufacturer_id, deleted_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET sku = EXCLUDED.sku, name = EXCLUDED.name, price_amount = EXCLUDED.price_amount, currency = EXCLUDED.currency,
       status = EXCLUDED.status, manufacturer_id = EXCLUDED.manufacturer_id, deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at
     WHERE t.updated_at <= EXCLUDED.updated_at`,
    [p.id, p.sku, p.name, p.priceAmount, p.currency, p.status, p.manufacturerId, p.deletedAt, p.updatedAt],
  );
}

export async function upsertStoreFact(client: PoolClient, s: { id: string; region: RegionCode; partnerOrganizationId: string | null; deletedAt: string | null; updatedAt: string }): Promise<void> {
  await client.query(
    `INSERT INTO orders.catalog_store AS t (id, region, partner_organization_id, deleted_at, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, partner_organization_id = EXCLUDED.partner_organization_id,
       deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at WHERE t.updated_at <= EXCLUDED.updated_at`,
    [s.id, s.region, s.partnerOrganizationId, s.deletedAt, s.updatedAt],
  );
}

export async function upsertManufacturerFact(client: PoolClient, m: { id: string; organizationId: string | null; deletedAt: string | null; updatedAt: string }): Promise<void> {
  await client.query(
    `INSERT INTO orders.catalog_manufacturer AS t (id, organization_id, deleted_at, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET organization_id = EXCLUDED.organization_id, deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at
     WHERE t.updated_at <= EXCLUDED.updated_at`,
    [m.id, m.organizationId, m.deletedAt, m.updatedAt],
  );
}

/** Users are written in both regions: the newest by (updatedAt, lastEventId), auth's own order, wins. */
export async function upsertUserFact(client: PoolClient, u: { id: string; email: string; updatedAt: string; lastEventId: string }): Promise<void> {
  await client.query(
    `INSERT INTO orders.user_projection AS t (id, email, updated_at, last_event_id) VALUES ($1, lower($2), $3, $4)
     ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id
     WHERE (t.updated_at, t.last_event_id) < (EXCLUDED.updated_at, EXCLUDED.last_event_id)`,
    [u.id, u.email, u.updatedAt, u.lastEventId],
  );
}

export const findProductFacts = (db: OrdersReader, ids: readonly string[]): Promise<CatalogProduct[]> => db.catalogProduct.findMany({ where: { id: { in: [...ids] } } });

export const findStoreFact = (db: OrdersReader, id: string): Promise<CatalogStore | null> => db.catalogStore.findUnique({ where: { id } });

/** A user's email as last published by auth; null when not known yet. */
export async function emailOf(db: OrdersReader, userId: string): Promise<string | null> {
  return (await db.userFact.findUnique({ where: { id: userId } }))?.email ?? null;
}

/** The ids of users with this email (case-insensitive). */
export async function usersWithEmail(db: OrdersReader, email: string): Promise<string[]> {
  return (await db.userFact.findMany({ where: { email: email.toLowerCase() }, select: { id: true } })).map((u) => u.id);
}
