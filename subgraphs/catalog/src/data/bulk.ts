/**
 * Bulk inserts of catalog entities for large data sets (`npm run seed:large`, the gateway
 * benchmark): a batch of complete rows (ids and timestamps chosen by the caller) and their
 * `created` events, built by the same builders as every write (events/catalog-events.ts), in ONE
 * statement per batch: `INSERT ... ON CONFLICT DO NOTHING RETURNING id` feeds the outbox insert
 * of @miw/events, so only rows actually inserted get an event (a re-run writes nothing), and the
 * relay is woken at commit. The relay then publishes them like any other change: the projections
 * of inventory, orders and notify and the CN mirror receive them.
 */
import type { Pool, PoolClient } from 'pg';
import type { OutboxMessage } from '@miw/contracts';
import { outboxChannel, outboxInsert } from '@miw/events';
import { categoryEvent, manufacturerEvent, productEvent, storeEvent } from '../events/catalog-events';
import type { Category, Manufacturer, Product, Store } from './db';

export type { Category, Manufacturer, Product, Store };

/** A pg pool or client: each batch is one statement, its own transaction. */
type Queryable = Pick<Pool | PoolClient, 'query'>;

/** One column of a bulk insert: its SQL array type, the row's value, and the expression reading it from the input (`t.<name>`). */
interface Column<R> {
  name: string;
  type: 'uuid' | 'text' | 'int' | 'float8' | 'timestamptz';
  value: (row: R) => unknown;
  /** How the inserted value is computed from `t.<name>` (default: as is). */
  expr?: (input: string) => string;
}

interface BulkTable<R> {
  table: 'manufacturer' | 'category' | 'store' | 'product';
  columns: Column<R>[];
  event: (row: R, correlationId: string) => OutboxMessage;
}

const iso = (d: Date) => d.toISOString();
const REGION = (input: string) => `${input}::catalog."Region"`;
const JSONB = (input: string) => `${input}::jsonb`;

/** Columns every catalog table shares (a created row is live: deleted_at stays null). */
const globalColumns = <R extends { id: string; originRegion: string; createdAt: Date; updatedAt: Date }>(): Column<R>[] => [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'origin_region', type: 'text', value: (r) => r.originRegion, expr: REGION },
  { name: 'created_at', type: 'timestamptz', value: (r) => iso(r.createdAt) },
  { name: 'updated_at', type: 'timestamptz', value: (r) => iso(r.updatedAt) },
];

const MANUFACTURERS: BulkTable<Manufacturer> = {
  table: 'manufacturer',
  columns: [
    ...globalColumns<Manufacturer>(),
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'organization_id', type: 'uuid', value: (r) => r.organizationId },
    { name: 'country', type: 'text', value: (r) => r.country },
  ],
  event: (row, correlationId) => manufacturerEvent('created', row, correlationId),
};

const CATEGORIES: BulkTable<Category> = {
  table: 'category',
  columns: [
    ...globalColumns<Category>(),
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'slug', type: 'text', value: (r) => r.slug },
    { name: 'parent_id', type: 'uuid', value: (r) => r.parentId },
  ],
  event: (row, correlationId) => categoryEvent('created', row, correlationId),
};

const STORES: BulkTable<Store> = {
  table: 'store',
  columns: [
    ...globalColumns<Store>(),
    { name: 'code', type: 'text', value: (r) => r.code },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'region', type: 'text', value: (r) => r.region, expr: REGION },
    { name: 'address', type: 'text', value: (r) => JSON.stringify(r.address), expr: JSONB },
    { name: 'partner_organization_id', type: 'uuid', value: (r) => r.partnerOrganizationId },
    { name: 'latitude', type: 'float8', value: (r) => r.latitude },
    { name: 'longitude', type: 'float8', value: (r) => r.longitude },
  ],
  event: (row, correlationId) => storeEvent('created', row, correlationId),
};

const PRODUCTS: BulkTable<Product> = {
  table: 'product',
  columns: [
    ...globalColumns<Product>(),
    { name: 'sku', type: 'text', value: (r) => r.sku },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'description', type: 'text', value: (r) => r.description },
    { name: 'price_amount', type: 'int', value: (r) => r.priceAmount },
    { name: 'currency', type: 'text', value: (r) => r.currency },
    { name: 'attributes', type: 'text', value: (r) => JSON.stringify(r.attributes), expr: JSONB },
    // A text[] per row cannot travel in unnest (arrays of arrays flatten): each row's list goes as JSON.
    { name: 'images', type: 'text', value: (r) => JSON.stringify(r.images), expr: (input) => `ARRAY(SELECT jsonb_array_elements_text(${input}::jsonb))` },
    { name: 'status', type: 'text', value: (r) => r.status, expr: (input) => `${input}::catalog."ProductStatus"` },
    { name: 'manufacturer_id', type: 'uuid', value: (r) => r.manufacturerId },
    { name: 'category_id', type: 'uuid', value: (r) => r.categoryId },
  ],
  event: (row, correlationId) => productEvent('created', row, correlationId),
};

/** What a batch wrote: rows inserted (the others existed) and their events. */
export interface BulkResult {
  inserted: number;
  events: number;
}

/** The statement of one batch: the rows from unnest, ON CONFLICT DO NOTHING, the events of the inserted ones, the relay's wake-up. */
function batchStatement<R>(spec: BulkTable<R>, rows: R[], correlationId: string): { text: string; values: unknown[] } {
  const { columns } = spec;
  const values: unknown[] = columns.map((c) => rows.map(c.value));
  const outbox = outboxInsert('catalog', rows.map((r) => spec.event(r, correlationId)), values.length + 1);
  const ORDER = 'ORDER BY r.n';
  if (!outbox.sql.includes(ORDER)) throw new Error('outboxInsert changed shape: its rows are no longer ordered by r.n');
  values.push(...outbox.values, outboxChannel('catalog'));
  const names = columns.map((c) => c.name).join(', ');
  return {
    text: `WITH input AS (SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}) AS t(${names})),
     inserted AS (
       INSERT INTO catalog."${spec.table}" (${names})
       SELECT ${columns.map((c) => (c.expr ? c.expr(`t.${c.name}`) : `t.${c.name}`)).join(', ')} FROM input t
       ON CONFLICT DO NOTHING RETURNING id
     ), events AS (
       ${outbox.sql.replace(ORDER, `WHERE r.key IN (SELECT id::text FROM inserted) ${ORDER}`)}
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM events) AS events,
            CASE WHEN EXISTS (SELECT 1 FROM events) THEN pg_notify($${values.length}, '') END AS woken`,
    values,
  };
}

async function insertBatch<R>(db: Queryable, spec: BulkTable<R>, rows: R[], correlationId: string): Promise<BulkResult> {
  if (rows.length === 0) return { inserted: 0, events: 0 };
  const { rows: [result] } = await db.query<{ inserted: string; events: string }>(batchStatement(spec, rows, correlationId));
  return { inserted: Number(result!.inserted), events: Number(result!.events) };
}

/** Inserts manufacturers that do not exist yet (by id) with their `created` events, in one statement. */
export const insertManufacturers = (db: Queryable, rows: Manufacturer[], correlationId: string) => insertBatch(db, MANUFACTURERS, rows, correlationId);
/** Inserts categories that do not exist yet (by id or slug) with their `created` events, in one statement. */
export const insertCategories = (db: Queryable, rows: Category[], correlationId: string) => insertBatch(db, CATEGORIES, rows, correlationId);
/** Inserts stores that do not exist yet (by id or code) with their `created` events, in one statement. */
export const insertStores = (db: Queryable, rows: Store[], correlationId: string) => insertBatch(db, STORES, rows, correlationId);
/** Inserts products that do not exist yet (by id or SKU) with their `created` events, in one statement. */
export const insertProducts = (db: Queryable, rows: Product[], correlationId: string) => insertBatch(db, PRODUCTS, rows, correlationId);
