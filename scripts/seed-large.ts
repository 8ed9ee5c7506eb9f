/**
 * `npm run seed:large -- --products 50000 [--region eu|cn] [--no-wait]`: loads a large, realistic
 * catalog (EU, the master) and the stock of one region's stores into the databases of the RUNNING
 * system (PG_URL_EU / PG_URL_CN, else the embedded server `npm start` runs on EMBEDDED_PG_PORT,
 * 5433), for performance work on realistic data. Deterministic content and ids: a re-run inserts
 * nothing. The catalog rows are written with their `created` events; unless `--no-wait`, the
 * command then waits until the catalog relay has published them and the region's inventory and
 * orders projections hold every product. See scripts/lib/seed-large.ts for the data set.
 */
import { parseArgs } from 'node:util';
import { isRegion, MASTER_REGION, type RegionCode } from '@miw/contracts';
import { embeddedPostgresPassword, embeddedPostgresUrl } from '@miw/local-infra';
import pg from 'pg';
import { embeddedLocation } from './lib/infra';
import { loadLargeCatalog, progressBar, waitForPropagation, type LargeUrls } from './lib/seed-large';

const say = (line: string) => process.stdout.write(`${line}\n`);
const count = (n: number) => n.toLocaleString('en');

/** The databases `npm start` uses: PG_URL_<REGION> when set, else the embedded server's (its stored password). */
async function databaseUrls(region: RegionCode): Promise<LargeUrls> {
  const { port, dataDir } = embeddedLocation();
  const password = (await embeddedPostgresPassword(dataDir)) ?? '';
  const url = (r: RegionCode) => process.env[`PG_URL_${r.toUpperCase()}`] || embeddedPostgresUrl(port, `madeinworld_${r}`, password);
  return { catalog: url(MASTER_REGION), inventory: url(region) };
}

/** Where a URL points, without its password. */
const where = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
};

/** Fails with a hint when a database is unreachable or not migrated (the system was never started). */
async function checkDatabase(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach PostgreSQL at ${where(url)} (${(error as Error).message}): start the system (npm start) first, or set PG_URL_EU / PG_URL_CN`);
  }
  try {
    const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    if (!rows[0]?.t) throw new Error(`${where(url)} has no ${table}: migrate it first (npm start or npm run db:migrate)`);
  } finally {
    await client.end();
  }
}

function options() {
  const { values } = parseArgs({ options: { products: { type: 'string', default: '50000' }, region: { type: 'string', default: MASTER_REGION }, 'no-wait': { type: 'boolean', default: false } } });
  const products = Number(values.products);
  if (!Number.isInteger(products) || products < 100 || products > 10_000_000) throw new Error('--products must be an integer from 100 to 10,000,000 (100 fill every category)');
  if (!isRegion(values.region)) throw new Error('--region must be eu or cn');
  return { products, region: values.region, wait: !values['no-wait'] };
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to load a generated catalog with NODE_ENV=production');
  const { products, region, wait } = options();
  const urls = await databaseUrls(region);
  await checkDatabase(urls.catalog, 'catalog.product');
  await checkDatabase(urls.inventory, 'inventory.inventory_level');
  say(`seed:large: ${count(products)} products into ${where(urls.catalog)}, stock of the ${region.toUpperCase()} stores into ${where(urls.inventory)}`);
  const bar = progressBar();
  const load = await loadLargeCatalog(urls, { products, region }, bar.update);
  bar.end();
  const { inserted } = load;
  const written = inserted.manufacturers + inserted.categories + inserted.stores + inserted.products + inserted.levels + inserted.movements;
  say(
    `seed:large: ${count(products)} products (${count(inserted.products)} new), ${count(load.rows.levels)} ${region.toUpperCase()} levels (${count(inserted.levels)} new, ${count(inserted.movements)} movements), ` +
      `${count(inserted.manufacturers + inserted.categories + inserted.stores)} new manufacturers/categories/stores, ${count(load.events)} catalog events; ` +
      `${load.seconds.toFixed(1)} s (${count(Math.round(written / load.seconds))} rows/s written)`,
  );
  if (!wait) return;
  const propagation = await waitForPropagation(urls, { products, region }, bar.update);
  bar.end();
  if (propagation.notRunning.length) {
    say(`seed:large: not waiting: ${propagation.notRunning.join(' and ')} ${propagation.notRunning.length > 1 ? 'are' : 'is'} not running. The rows are in; their events wait in the catalog outbox: start the system (npm start) and its relay publishes them to the projections.`);
    return;
  }
  say(`seed:large: published; ${region.toUpperCase()} inventory's and orders' projections hold all ${count(products)} products`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nseed:large failed: ${(error as Error).message}\n`);
  process.exit(1);
});
