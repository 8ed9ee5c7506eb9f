/**
 * Applying replicated catalog events to this region's catalog schema (used by the sync worker,
 * the only writer of mirrored rows). One transaction per event: the inbox row and the upsert
 * commit together, so a redelivered event changes nothing. An older snapshot never overwrites a
 * newer one (guard on updated_at), so reordered deliveries converge on the latest state.
 * Applied rows are not written to the outbox: a mirrored change is never echoed back.
 */
import type { Pool } from 'pg';
import { claimInboxEvent, inTransaction, type EventEnvelope } from '@miw/events';
import type { CatalogEntity } from './events/catalog-events';

interface Column {
  key: string;
  column: string;
  type: string;
  required: boolean;
}

const col = (key: string, column: string, type: string, required = true): Column => ({ key, column, type, required });
const common = [
  col('originRegion', 'origin_region', '"catalog"."Region"'),
  col('createdAt', 'created_at', 'timestamptz'),
  col('updatedAt', 'updated_at', 'timestamptz'),
  col('deletedAt', 'deleted_at', 'timestamptz', false),
];

const TABLES: Record<CatalogEntity, { table: string; columns: Column[] }> = {
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
      ...common,
    ],
  },
};

/** Upsert statement per entity, built once. */
const UPSERTS = Object.fromEntries(
  Object.entries(TABLES).map(([entity, { table, columns }]) => {
    const names = columns.map((c) => `"${c.column}"`).join(', ');
    const values = columns.map((c, i) => `$${i + 1}::${c.type}`).join(', ');
    const updates = columns
      .filter((c) => c.column !== 'id')
      .map((c) => `"${c.column}" = EXCLUDED."${c.column}"`)
      .join(', ');
    const sql = `INSERT INTO "catalog"."${table}" (${names}) VALUES (${values})
      ON CONFLICT (id) DO UPDATE SET ${updates}
      WHERE "catalog"."${table}".updated_at < EXCLUDED.updated_at`;
    return [entity, sql];
  }),
) as Record<CatalogEntity, string>;

export class InvalidReplicationEvent extends Error {
  override name = 'InvalidReplicationEvent';
}

export type ApplyOutcome = 'applied' | 'stale' | 'duplicate';

export const isCatalogEntity = (entity: string): entity is CatalogEntity => entity in TABLES;

/** Turns a snapshot into statement parameters, rejecting a payload that lacks required fields. */
function parameters(entity: CatalogEntity, event: EventEnvelope): unknown[] {
  const payload = event.payload as Record<string, unknown>;
  if (payload.id !== event.entityId) throw new InvalidReplicationEvent('payload.id does not match entityId');
  const missing = TABLES[entity].columns.filter((c) => c.required && (payload[c.key] === undefined || payload[c.key] === null)).map((c) => c.key);
  if (missing.length) throw new InvalidReplicationEvent(`payload lacks ${missing.join(', ')}`);
  return TABLES[entity].columns.map((c) => {
    const v = payload[c.key];
    if (v === undefined || v === null) return null;
    return c.type === 'jsonb' ? JSON.stringify(v) : v;
  });
}

/** Applies one catalog event in `pool`'s database. `consumer` names the inbox owner. */
export async function applyCatalogEvent(pool: Pool, event: EventEnvelope, consumer: string): Promise<ApplyOutcome> {
  if (!isCatalogEntity(event.entity)) throw new InvalidReplicationEvent(`unknown catalog entity ${event.entity}`);
  const entity = event.entity;
  const params = parameters(entity, event);
  return inTransaction(pool, async (client) => {
    if (!(await claimInboxEvent(client, 'catalog', consumer, event))) return 'duplicate';
    const { rowCount } = await client.query(UPSERTS[entity], params);
    return rowCount ? 'applied' : 'stale';
  });
}
