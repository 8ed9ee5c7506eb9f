/**
 * Catalog browsing benchmark: builds a throw-away database with many products and stores, then
 * times the data-layer queries (search with a typo, category subtree, price pages, stores near)
 * and prints p50/p95 plus the indexes the plans use. Figures, never assertions.
 *   PG_URL=postgresql://postgres@127.0.0.1:5432/postgres npm run bench:catalog -- [products=50000]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPool, migrateAll, withDatabase } from '@miw/db';
import { createCatalogDb } from '../src/data/db';
import { countProductMatches, listProductPage, productPageSql, searchQuery, type ProductOrderBy, type ProductQuery } from '../src/data/products';
import { listStoresNear, storesNearSql } from '../src/data/stores';

const base = process.env.PG_URL ?? process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PRODUCTS = Number(process.argv[2] ?? 50_000);
const STORES = 10_000;
const RUNS = 30;
const out = (line: string) => process.stdout.write(`${line}\n`);

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: withDatabase(base, 'postgres') });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function timed(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await run(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  out(`${label.padEnd(58)} p50 ${ms[Math.floor(RUNS * 0.5)]!.toFixed(2).padStart(7)} ms   p95 ${ms[Math.floor(RUNS * 0.95)]!.toFixed(2).padStart(7)} ms`);
}

async function main() {
  const name = `miw_bench_catalog_${process.pid}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = withDatabase(base, name);
  const pool = createPool({ url, max: 4, name: 'bench' });
  const db = createCatalogDb(pool);
  try {
    await migrateAll(url, path.resolve(__dirname, '../../../prisma'), ['catalog']);
    const seedStart = performance.now();
    await pool.query(`
      INSERT INTO catalog.category (id, name, slug, parent_id, origin_region, updated_at)
      SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Category ' || g, 'cat-' || g,
             CASE WHEN g > 10 THEN ('00000000-0000-4000-8000-' || lpad(((g - 1) / 10)::text, 12, '0'))::uuid END, 'eu', now()
      FROM generate_series(1, 110) g`);
    await pool.query(
      `INSERT INTO catalog.product (id, sku, name, description, price_amount, currency, status, category_id, origin_region, updated_at)
       SELECT gen_random_uuid(), 'SKU-' || g,
              (ARRAY['Wireless','Ceramic','Organic','Vintage','Compact','Premium','Handmade','Smart'])[1 + g % 8] || ' ' ||
              (ARRAY['headphones','teapot','green tea','lamp','backpack','speaker','kettle','notebook','blanket','mug'])[1 + (g / 8) % 10] || ' ' || g,
              'Made with care. Batch ' || (g % 97) || ' from workshop ' || (g % 13), (g * 37) % 50000, 'EUR', 'ACTIVE',
              ('00000000-0000-4000-8000-' || lpad((1 + g % 110)::text, 12, '0'))::uuid, 'eu', now()
       FROM generate_series(1, $1::int) g`,
      [PRODUCTS],
    );
    await pool.query(
      `INSERT INTO catalog.store (id, code, name, region, address, latitude, longitude, origin_region, updated_at)
       SELECT gen_random_uuid(), 'ST-' || g, 'Store ' || g, 'eu', '{}', 35 + random() * 25, -10 + random() * 40, 'eu', now() FROM generate_series(1, $1::int) g`,
      [STORES],
    );
    await pool.query('ANALYZE');
    out(`catalog browsing: ${PRODUCTS} products, 110 categories (2 levels), ${STORES} stores; seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ${RUNS} runs each`);

    const page = (q: ProductQuery, orderBy: ProductOrderBy) => () => listProductPage(pool, q, orderBy, 21);
    // A search as the service runs it: the words resolved to a tsquery (one statement), then the page or count.
    const searched = (search: string, run: (q: ProductQuery) => Promise<unknown>) => async () => run({ search, tsquery: await searchQuery(pool, search) });
    await timed('search "wireles headphnes" (typo), CREATED_AT_ASC, 20', searched('wireles headphnes', (q) => listProductPage(pool, q, 'CREATED_AT_ASC', 21)));
    await timed('search "ceramic teapot", RELEVANCE, 20', searched('ceramic teapot', (q) => listProductPage(pool, q, 'RELEVANCE', 21)));
    await timed('totalCount of search "ceramic teapot"', searched('ceramic teapot', (q) => countProductMatches(pool, q)));
    await timed('category subtree (root + 10 children), PRICE_ASC, 20', page({ categoryId: '00000000-0000-4000-8000-000000000001' }, 'PRICE_ASC'));
    await timed('price 1000..2000, PRICE_ASC, 20', page({ priceMin: 1000, priceMax: 2000 }, 'PRICE_ASC'));
    await timed('deep keyset page (after price 40000), PRICE_ASC, 20', () => listProductPage(pool, {}, 'PRICE_ASC', 21, { value: 40000, id: '00000000-0000-4000-8000-000000000000' }));
    await timed('totalCount, no filter', () => countProductMatches(pool, {}));
    await timed('stores near (48.1, 11.6) within 50 km', () => listStoresNear(db, { lat: 48.1, lng: 11.6 }, 50, undefined, 100));
    await timed('stores near (48.1, 11.6) within 500 km, first 100', () => listStoresNear(db, { lat: 48.1, lng: 11.6 }, 500, undefined, 100));

    const client = await pool.connect();
    try {
      for (const [label, sql] of [
        ['search plan', productPageSql({ search: 'wireles headphnes', tsquery: await searchQuery(pool, 'wireles headphnes') }, 'CREATED_AT_ASC', 21)],
        ['stores-near plan', storesNearSql({ lat: 48.1, lng: 11.6 }, 50, undefined, 100)],
      ] as const) {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql.text}`, sql.values as unknown[]);
        const indexes = [...new Set(rows.flatMap((r) => [...r['QUERY PLAN'].matchAll(/Index (?:Only )?Scan (?:using|on) (\w+)/g)].map((m) => m[1])))];
        out(`${label}: indexes used: ${indexes.join(', ') || 'none (sequential scan)'}`);
      }
    } finally {
      client.release();
    }
  } finally {
    await db.$disconnect();
    await pool.end();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
