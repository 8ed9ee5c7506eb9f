/**
 * `npm run bench:gateway [-- --products 50000] [--compare-hive]`: open-loop load through the
 * gateway over HTTP against a whole EU region started as `npm start` starts it (bench/lib/region.ts:
 * gateway, auth, catalog, inventory, orders, notify, each its own process), on a large catalog
 * (scripts/lib/seed-large.ts: N products, 110 categories, 200 manufacturers, ~4 levels each).
 *
 * PostgreSQL is this benchmark's own embedded server (.data/bench-gateway-postgres, port 25436,
 * BENCH_PG_PORT) started with pg_stat_statements, so statements per request are counted; the
 * database `bench_large_<N>` is kept between runs (migrated, seeded once; a second run only checks
 * its counts), with a fixed topic prefix `bench.large<N>.`. Kafka: KAFKA_BROKERS (bench/run.ts).
 *
 * Scenarios, each on its own, variables drawn at random per request:
 *   category  anonymous category page: products(filter: {categoryId}, orderBy: PRICE_ASC, first: 20), 110 categories
 *   search    anonymous relevance search: products(filter: {search}, orderBy: RELEVANCE, first: 20), generated terms (half with a typo)
 *   product   anonymous product page: product(id) with manufacturer, category path, availability, random ACTIVE products
 *   admin     admin stock page: products(first: 20, filter: {manufacturerId}) with inventoryLevels, 200 manufacturers
 * Each after an unmeasured warm-up (5 s at 50/s), at 100/s (20 s), 200/s (60 s) and 400/s (30 s).
 * Knobs: BENCH_OPS=category,search  BENCH_RATES=200  BENCH_SECONDS=<every duration>.
 *
 * Printed per scenario and rate: offered and achieved rate, p50/p95/p99 from the scheduled send
 * time, errors (first error's code), CPU ms per request of each process and of each service's
 * PostgreSQL backends and of the whole machine, statements per request (pg_stat_statements calls,
 * background work tagged miw:background left out, the idle rate subtracted) and transactions per
 * request (pg_stat_database, idle rate subtracted), max RSS per service, the x-cache hit ratio when
 * answers carry one; then a table and PASS/FAIL per target. `--compare-hive` repeats category and
 * product at 200/s through @graphql-hive/gateway on the same supergraph and subgraphs, when it can
 * be resolved from the repository (it is not a dependency).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { DEFAULT_TOKEN_SETTINGS, loadKeySetFile, signAccessToken, signInternalToken } from '@miw/auth';
import { createPool, ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { REPO_ROOT, startEmbeddedPostgres } from '@miw/local-infra';
import { isActiveProduct, largeCategories, largeManufacturers, largeProductId, loadLargeCatalog, progressBar, searchTerms, waitForPropagation, type LargeUrls } from '../scripts/lib/seed-large';
import { httpClient, openLoop, summarize, type HttpClient, type RunSummary } from './lib/load';
import { runBenchmark, type Teardown } from './lib/processes';
import { startRegion, type RegionSystem } from './lib/region';
import { counterDelta, counterRates, cpuMeter, databaseCounters, STATS_SETTLE_MS, type CpuUsed, type DatabaseCounters } from './lib/usage';

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

// ---------------------------------------------------------------------------------------------
// Settings

const OPS = ['category', 'search', 'product', 'admin'] as const;
type Op = (typeof OPS)[number];
/** The measured rates and how long each runs (BENCH_SECONDS overrides every duration). */
const RATES: [rate: number, seconds: number][] = [
  [100, 20],
  [200, 60],
  [400, 30],
];
const WARM_UP = { rate: 50, seconds: 5 };
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 25436);
const START_TIMEOUT_MS = 240_000;
/** A run where more than this share of requests failed passes no target. */
const MAX_ERROR_SHARE = 0.01;
const GATEWAY_RSS_TARGET_MB = 300;

interface Settings {
  products: number;
  compareHive: boolean;
  ops: Op[];
  rates: [number, number][];
  warmUpSeconds: number;
  /** How long Hive Gateway runs at 200/s (as the gateway's 200/s run). */
  hiveSeconds: number;
}

function settings(): Settings {
  const { values } = parseArgs({ options: { products: { type: 'string', default: '50000' }, 'compare-hive': { type: 'boolean', default: false } } });
  const products = Number(values.products);
  if (!Number.isInteger(products) || products < 100) throw new Error('--products must be an integer of at least 100');
  const ops = (process.env.BENCH_OPS ?? OPS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ops.filter((o) => !(OPS as readonly string[]).includes(o));
  if (unknown.length || !ops.length) throw new Error(`BENCH_OPS: unknown ${unknown.join(', ') || '(empty)'}; choose from ${OPS.join(', ')}`);
  const seconds = process.env.BENCH_SECONDS ? Number(process.env.BENCH_SECONDS) : undefined;
  if (seconds !== undefined && !(seconds > 0)) throw new Error('BENCH_SECONDS must be a positive number');
  const rates = (process.env.BENCH_RATES ? process.env.BENCH_RATES.split(',').map(Number) : RATES.map(([r]) => r)).map((rate): [number, number] => {
    if (!(rate > 0)) throw new Error('BENCH_RATES must list positive numbers, e.g. 100,200');
    return [rate, seconds ?? RATES.find(([r]) => r === rate)?.[1] ?? 30];
  });
  return { products, compareHive: values['compare-hive'], ops: ops as Op[], rates, warmUpSeconds: seconds ?? WARM_UP.seconds, hiveSeconds: seconds ?? RATES.find(([r]) => r === 200)![1] };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const PRODUCT_CARD = 'id name price { amount currency } images manufacturer { name } category { name } availability';
const QUERIES: Record<Op, string> = {
  category: `query CategoryPage($categoryId: ID!) { products(filter: { categoryId: $categoryId }, orderBy: PRICE_ASC, first: 20) {
    totalCount edges { node { ${PRODUCT_CARD} } } pageInfo { hasNextPage endCursor } } }`,
  search: `query Search($search: String!) { products(filter: { search: $search }, orderBy: RELEVANCE, first: 20) {
    totalCount edges { node { ${PRODUCT_CARD} } } pageInfo { hasNextPage endCursor } } }`,
  product: `query ProductPage($id: ID!) { product(id: $id) {
    id name description price { amount currency } images attributes manufacturer { name country } category { name path { name } } availability } }`,
  admin: `query StockPage($manufacturerId: ID!) { products(first: 20, filter: { manufacturerId: $manufacturerId }) {
    edges { node { id sku name inventoryLevels { store { name } onHand reserved available } } } } }`,
};
const TITLES: Record<Op, string> = { category: '(a) category', search: '(b) search', product: '(c) product', admin: '(d) admin stock' };

interface Scenario {
  op: Op;
  /** Sent with the admin's access token. */
  admin: boolean;
  /** The request body, with variables drawn at random. */
  body(): string;
}

function scenarios(products: number): Record<Op, Scenario> {
  const any = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const categories = largeCategories().map((c) => c.id);
  const terms = searchTerms(products, 1000, 1);
  const active = Array.from({ length: products }, (_, i) => i + 1).filter(isActiveProduct).map(largeProductId);
  const makers = largeManufacturers().map((m) => m.id);
  const body = (op: Op, variables: Record<string, unknown>) => JSON.stringify({ query: QUERIES[op], variables });
  return {
    category: { op: 'category', admin: false, body: () => body('category', { categoryId: any(categories) }) },
    search: { op: 'search', admin: false, body: () => body('search', { search: any(terms) }) },
    product: { op: 'product', admin: false, body: () => body('product', { id: any(active) }) },
    admin: { op: 'admin', admin: true, body: () => body('admin', { manufacturerId: any(makers) }) },
  };
}

/** Where requests go: the gateway, or another one (Hive) that needs the subgraphs' internal token from the client. */
interface Target {
  name: string;
  url: string;
  /** Headers of a request (authorization, internal token). */
  headers(admin: boolean): Record<string, string>;
  /** Its process (measured beside the subgraphs). */
  process: { id: string; pid: number };
}

/** One request of each scenario, its answer checked and summed up (a wrong field name fails here, before any load). */
async function check(target: Target, scenario: Scenario): Promise<string> {
  const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', ...target.headers(scenario.admin) }, body: scenario.body() });
  const json = (await res.json()) as { data?: Record<string, { totalCount?: number; edges?: { node: { inventoryLevels?: unknown[] | null } }[] } | null>; errors?: unknown[] };
  if (res.status !== 200 || json.errors || !json.data) throw new Error(`${target.name} ${scenario.op}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 600)}`);
  const root = Object.values(json.data)[0];
  if (!root) return `${scenario.op}: null (a product not visible?)`;
  if (!root.edges) return `${scenario.op}: one product`;
  if (root.totalCount === undefined) return `${scenario.op}: ${root.edges.length} products on the page, ${root.edges.reduce((n, e) => n + (e.node.inventoryLevels?.length ?? 0), 0)} levels`;
  return `${scenario.op}: ${root.totalCount} products, ${root.edges.length} on the page`;
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Calls of the benchmark database's statements since the last reset, background work excluded, the most frequent first. */
async function statementCalls(meter: pg.Pool, database: string): Promise<{ total: number; top: { query: string; calls: number; meanMs: number }[] }> {
  const { rows } = await meter.query<{ query: string; calls: string; mean: number }>(
    `SELECT s.query, s.calls, s.mean_exec_time AS mean FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query NOT LIKE '%miw:background%' ORDER BY s.calls DESC`,
    [database],
  );
  return { total: rows.reduce((n, r) => n + Number(r.calls), 0), top: rows.slice(0, 3).map((r) => ({ query: r.query, calls: Number(r.calls), meanMs: r.mean })) };
}

/** Transactions rolled back in `database` so far (pg_stat_database; same settling as databaseCounters). */
async function rollbacks(meter: pg.Pool, database: string): Promise<number> {
  const { rows } = await meter.query<{ n: string }>('SELECT xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [database]);
  return Number(rows[0]?.n ?? 0);
}

/** Peak VmRSS (MB) of each process, sampled every 250 ms until `stop`. */
function rssSampler(processes: { id: string; pid: number }[]) {
  const peak = new Map<string, number>();
  const sample = () => {
    for (const p of processes) {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak.set(p.id, Math.max(peak.get(p.id) ?? 0, kb / 1024));
      } catch {
        // the process is gone: nothing to sample
      }
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return () => (clearInterval(timer), sample(), peak);
}

/** The idle system's statements and transactions per second (relay polls, pollers): subtracted from every run. */
interface Background {
  statementsPerSecond: number;
  db: Omit<DatabaseCounters, 'at'>;
}

interface Figures {
  target: string;
  op: Op;
  rate: number;
  summary: RunSummary;
  seconds: number;
  cpu: CpuUsed;
  statements: number;
  top: { query: string; calls: number; meanMs: number }[];
  transactions: number;
  /** Of which rolled back (a statement failed, or a client gave up). */
  rolledBack: number;
  rssMb: Map<string, number>;
}

interface Meters {
  pool: pg.Pool;
  database: string;
  client: HttpClient;
  background: Background;
}

async function background(meter: pg.Pool, database: string): Promise<Background> {
  await sleep(STATS_SETTLE_MS);
  await meter.query('SELECT pg_stat_statements_reset()');
  const before = await databaseCounters(meter, database);
  await sleep(STATS_SETTLE_MS);
  const after = await databaseCounters(meter, database);
  const { total } = await statementCalls(meter, database);
  return { statementsPerSecond: total / ((after.at - before.at) / 1000), db: counterRates(before, after) };
}

/** One measured run of a scenario at `rate` for `seconds` through `target`, then (after the statistics settle) its transactions. */
async function measure(meters: Meters, target: Target, processes: { id: string; pid: number }[], scenario: Scenario, rate: number, seconds: number): Promise<Figures> {
  const { pool, database, client } = meters;
  const cpu = cpuMeter(processes, pool, database);
  await pool.query('SELECT pg_stat_statements_reset()');
  const counters = await databaseCounters(pool, database);
  const rolledBack = await rollbacks(pool, database);
  const cpuBefore = await cpu.read();
  const stopRss = rssSampler(processes);
  const run = await openLoop(rate, seconds, () => client.post(target.url, scenario.body(), target.headers(scenario.admin)));
  const used = await cpu.since(cpuBefore);
  const rssMb = stopRss();
  const statements = await statementCalls(pool, database);
  const window = (performance.now() - counters.at) / 1000;
  await sleep(STATS_SETTLE_MS);
  const db = counterDelta(counters, await databaseCounters(pool, database), meters.background.db);
  return {
    target: target.name,
    op: scenario.op,
    rate,
    summary: summarize(run),
    seconds: run.seconds,
    cpu: used,
    statements: statements.total - meters.background.statementsPerSecond * window,
    top: statements.top,
    transactions: db.transactions,
    rolledBack: (await rollbacks(pool, database)) - rolledBack,
    rssMb,
  };
}

// ---------------------------------------------------------------------------------------------
// Printing

const ms = (n: number) => fixed(n, 1);

/** The lines of one run: latency and errors, CPU per request, PostgreSQL per request, memory and cache. */
function report(f: Figures): string[] {
  const s = f.summary;
  const per = (value: number | undefined) => (value === undefined ? '-' : (value / s.requests).toFixed(2));
  const processes = [...f.cpu.processes].map(([id, v]) => `${id} ${per(v)}`).join(', ');
  const backends = [...f.cpu.backends].filter(([, v]) => v > 0).map(([id, v]) => `${id} ${per(v)}`).join(', ');
  const cache = s.cacheHits + s.cacheMisses ? `; x-cache HIT ${((100 * s.cacheHits) / (s.cacheHits + s.cacheMisses)).toFixed(0)}% of ${s.cacheHits + s.cacheMisses}` : '; no x-cache header';
  return [
    `${f.target} ${TITLES[f.op]} at ${f.rate}/s: achieved ${fixed(s.achieved)}/s over ${fixed(f.seconds)} s, p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms, p99 ${ms(s.p99)} ms, errors ${s.errors}/${s.requests}${s.firstError ? ` (first: ${s.firstError})` : ''}`,
    `  CPU ms/request: ${processes}; PostgreSQL backends: ${backends || '-'}; whole machine ${per(f.cpu.machine)} (${(f.cpu.machine / f.cpu.seconds / 1000).toFixed(2)} of ${os.cpus().length} cores busy)`,
    `  PostgreSQL per request: ${fixed(f.statements / s.requests, 2)} statements, ${fixed(f.transactions / s.requests, 2)} transactions (${f.rolledBack} rolled back in all); most called: ${f.top.map((t) => `${(t.calls / s.requests).toFixed(2)}x ${oneLine(t.query)} (${t.meanMs.toFixed(2)} ms)`).join(' | ') || '-'}`,
    `  max RSS MB: ${[...f.rssMb].map(([id, mb]) => `${id} ${mb.toFixed(0)}`).join(', ')}${cache}`,
  ];
}

/** A statement's text on one line, shortened. */
const oneLine = (query: string) => {
  const text = query.replace(/\s+/g, ' ').trim();
  return text.length > 90 ? `${text.slice(0, 87)}...` : text;
};

const TABLE_HEADER = 'target   scenario         rate  achieved   p50 ms   p95 ms   p99 ms  errors  gw cpu  all cpu  stmts  xacts  gw MB  hit %';

function tableRow(f: Figures): string {
  const s = f.summary;
  const gateway = f.cpu.processes.get(f.target === 'hive' ? 'hive' : 'gateway') ?? 0;
  const all = [...f.cpu.processes.values()].reduce((a, b) => a + b, 0) + [...f.cpu.backends.values()].reduce((a, b) => a + b, 0);
  const hits = s.cacheHits + s.cacheMisses ? ((100 * s.cacheHits) / (s.cacheHits + s.cacheMisses)).toFixed(0) : '-';
  return [
    f.target.padEnd(7),
    TITLES[f.op].padEnd(15),
    String(f.rate).padStart(5),
    fixed(s.achieved).padStart(9),
    ms(s.p50).padStart(8),
    ms(s.p95).padStart(8),
    ms(s.p99).padStart(8),
    String(s.errors).padStart(7),
    (gateway / s.requests).toFixed(2).padStart(7),
    (all / s.requests).toFixed(2).padStart(8),
    fixed(f.statements / s.requests, 2).padStart(6),
    fixed(f.transactions / s.requests, 2).padStart(6),
    (f.rssMb.get(f.target === 'hive' ? 'hive' : 'gateway') ?? 0).toFixed(0).padStart(6),
    hits.padStart(6),
  ].join(' ');
}

interface Goal {
  what: string;
  op: Op;
  rate: number;
  p95?: number;
  p99?: number;
}
const GOALS: Goal[] = [
  { what: 'category 200/s: p95 < 100 ms, p99 < 200 ms', op: 'category', rate: 200, p95: 100, p99: 200 },
  { what: 'category 400/s: p99 < 500 ms', op: 'category', rate: 400, p99: 500 },
  { what: 'search 100/s: p95 < 50 ms', op: 'search', rate: 100, p95: 50 },
  { what: 'product 200/s: p95 < 100 ms', op: 'product', rate: 200, p95: 100 },
  { what: 'admin stock 200/s: p95 < 100 ms', op: 'admin', rate: 200, p95: 100 },
];

/** PASS/FAIL of each target the runs measured (a run with more than 1% errors passes none), and the gateway's memory. */
function verdicts(figures: Figures[]): string[] {
  const ours = figures.filter((f) => f.target === 'gateway');
  const lines = GOALS.map((goal) => {
    const f = ours.find((x) => x.op === goal.op && x.rate === goal.rate);
    if (!f) return `  -     ${goal.what} (not measured)`;
    const s = f.summary;
    const ok = (goal.p95 === undefined || s.p95 < goal.p95) && (goal.p99 === undefined || s.p99 < goal.p99) && s.errors <= MAX_ERROR_SHARE * s.requests;
    return `  ${ok ? 'PASS' : 'FAIL'}  ${goal.what} (p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, errors ${s.errors}/${s.requests})`;
  });
  const rss = Math.max(0, ...ours.map((f) => f.rssMb.get('gateway') ?? 0));
  lines.push(`  ${rss < GATEWAY_RSS_TARGET_MB ? 'PASS' : 'FAIL'}  gateway RSS < ${GATEWAY_RSS_TARGET_MB} MB (max ${rss.toFixed(0)} MB over every run)`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Set-up

/** The benchmark's own PostgreSQL with pg_stat_statements, and its kept database, migrated. */
async function provisionDatabase(products: number, teardown: Teardown): Promise<{ url: string; database: string; meter: pg.Pool }> {
  say(`postgres: embedded PostgreSQL with pg_stat_statements on 127.0.0.1:${PG_PORT} (data in .data/bench-gateway-postgres)`);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(REPO_ROOT, '.data', 'bench-gateway-postgres'),
    port: PG_PORT,
    fast: true,
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' },
  });
  teardown.add('stopping PostgreSQL', () => server.stop());
  const database = `bench_large_${products}`;
  const url = withDatabase(server.url, database);
  if (await ensureDatabase(server.url, database)) say(`postgres: created database ${database}`);
  await migrateAll(url, path.join(REPO_ROOT, 'prisma'));
  // The benchmark's own queries run in another database: pg_stat_statements counts them apart.
  const meter = createPool({ url: server.url, max: 3, name: 'bench' });
  teardown.add('closing the bench pool', () => meter.end());
  await meter.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return { url, database, meter };
}

/** Loads the large catalog and the EU stock (only checks the counts when they are there). */
async function loadData(urls: LargeUrls, products: number): Promise<void> {
  const bar = progressBar();
  const load = await loadLargeCatalog(urls, { products, region: 'eu' }, bar.update);
  bar.end();
  say(`data: ${products} products, ${load.rows.levels} levels (${load.inserted.products} products and ${load.inserted.levels} levels inserted now) in ${load.seconds.toFixed(1)} s`);
}

/** Waits until the catalog relay has published the data set and inventory's projection holds it. */
async function awaitProjection(urls: LargeUrls, products: number): Promise<void> {
  const bar = progressBar();
  const { notRunning } = await waitForPropagation(urls, { products, region: 'eu' }, bar.update);
  bar.end();
  if (notRunning.length) throw new Error(`${notRunning.join(' and ')} not connected to the database`);
}

/** The gateway as a target: anonymous, or the admin's access token (valid for the whole benchmark). */
async function gatewayTarget(region: RegionSystem): Promise<Target> {
  const keys = await loadKeySetFile(region.authKeysFile);
  const { token } = await signAccessToken(keys, { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] }, DEFAULT_TOKEN_SETTINGS, 6 * 3600);
  const admin = { authorization: `Bearer ${token}` };
  return { name: 'gateway', url: region.gatewayUrl, headers: (isAdmin) => (isAdmin ? admin : {}), process: region.services.gateway };
}

// ---------------------------------------------------------------------------------------------
// Hive Gateway (--compare-hive)

/** The Hive Gateway CLI, when the package can be resolved from the repository. */
function hiveCli(): string | undefined {
  const dir = path.join(REPO_ROOT, 'node_modules', '@graphql-hive', 'gateway');
  if (!existsSync(path.join(dir, 'package.json'))) return undefined;
  const { bin } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : (bin?.['hive-gateway'] ?? Object.values(bin ?? {})[0]);
  return entry ? path.join(dir, entry) : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts Hive Gateway on the committed supergraph with the subgraph URLs of this region, passing
 * the client's `x-miw-internal` header on to the subgraphs (they answer only the gateway's signed
 * requests; the client signs an anonymous one, renewed every 30 s).
 */
async function startHive(cli: string, region: RegionSystem, teardown: Teardown): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'miw-bench-hive-'));
  teardown.add('removing the Hive config', async () => rmSync(dir, { recursive: true, force: true }));
  let supergraph = readFileSync(path.join(REPO_ROOT, 'gateway', 'supergraph.graphql'), 'utf8');
  for (const [name, url] of Object.entries(region.subgraphUrls)) supergraph = supergraph.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`), `$1${url}$2`);
  writeFileSync(path.join(dir, 'supergraph.graphql'), supergraph);
  writeFileSync(
    path.join(dir, 'gateway.config.mjs'),
    `export const gatewayConfig = { propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ 'x-miw-internal': request.headers.get('x-miw-internal') ?? '' }) } };\n`,
  );
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [cli, 'supergraph', path.join(dir, 'supergraph.graphql'), '--port', String(port), '--host', '127.0.0.1', '--config-path', path.join(dir, 'gateway.config.mjs')], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => tail.push(...chunk.toString().split('\n').filter(Boolean).slice(-5)));
  process.once('exit', () => child.kill('SIGKILL'));
  teardown.add('stopping Hive Gateway', async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000).then(() => child.kill('SIGKILL'))]);
  });
  // The internal token lives 60 s: renewed every 20 s in the background, a request never waits for a signature.
  const sign = () => signInternalToken(region.internalSecret, null, 'bench-hive');
  let token = await sign();
  const renew = setInterval(() => void sign().then((t) => (token = t)), 20_000);
  teardown.add('stopping the token renewal', async () => clearInterval(renew));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hive Gateway exited (${child.exitCode}): ${tail.slice(-5).join(' | ')}`);
    const ready = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-miw-internal': token }, body: '{"query":"{ __typename }"}' }).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`Hive Gateway not ready after 60 s: ${tail.slice(-5).join(' | ')}`);
    await sleep(250);
  }
  return { name: 'hive', url, headers: () => ({ 'x-miw-internal': token }), process: { id: 'hive', pid: child.pid! } };
}

// ---------------------------------------------------------------------------------------------
// The run

/** Warms `target` up for a scenario, then measures it at each rate. */
async function runScenario(meters: Meters, target: Target, processes: { id: string; pid: number }[], scenario: Scenario, rates: [number, number][], warmUpSeconds: number): Promise<Figures[]> {
  await openLoop(WARM_UP.rate, warmUpSeconds, () => meters.client.post(target.url, scenario.body(), target.headers(scenario.admin)));
  // Backends publish their statistics up to 10 s late: the warm-up's transactions must not land in the first run.
  await sleep(STATS_SETTLE_MS);
  const figures: Figures[] = [];
  for (const [rate, seconds] of rates) {
    const f = await measure(meters, target, processes, scenario, rate, seconds);
    for (const line of report(f)) say(line);
    figures.push(f);
  }
  return figures;
}

async function run(teardown: Teardown): Promise<number> {
  const s = settings();
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run it through `npm run bench:gateway` (bench/run.ts provides Kafka)');
  const started = performance.now();
  const { url, database, meter } = await provisionDatabase(s.products, teardown);
  const urls = { catalog: url, inventory: url };
  await loadData(urls, s.products);
  const region = await startRegion({ databaseUrl: url, kafkaBrokers: brokers, topicPrefix: `bench.large${s.products}.`, startTimeoutMs: START_TIMEOUT_MS }, teardown);
  await awaitProjection(urls, s.products);
  const gateway = await gatewayTarget(region);
  const all = scenarios(s.products);
  for (const op of s.ops) say(`check: ${await check(gateway, all[op])}`);
  const client = httpClient();
  teardown.add('closing the HTTP client', async () => client.close());
  const processes = Object.values(region.services);
  say(
    `gateway benchmark: ${s.products} products; ${s.ops.join(', ')} at ${s.rates.map(([r, sec]) => `${r}/s for ${sec} s`).join(', ')} after ${warmUpSecondsLine(s)}; open loop, latency from the scheduled send time, 10 s timeout; ` +
      `region processes ${processes.map((p) => `${p.id} ${p.pid}`).join(', ')} (node ${process.version}, ${os.cpus().length} cores; set-up ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  const meters: Meters = { pool: meter, database, client, background: await background(meter, database) };
  say(`idle: ${meters.background.statementsPerSecond.toFixed(1)} statements/s (miw:background excluded), ${meters.background.db.transactions.toFixed(1)} transactions/s; subtracted below`);
  const figures: Figures[] = [];
  for (const op of s.ops) figures.push(...(await runScenario(meters, gateway, processes, all[op], s.rates, s.warmUpSeconds)));
  if (s.compareHive) figures.push(...(await compareHive(meters, region, all, s, teardown)));
  say('');
  say(TABLE_HEADER);
  for (const f of figures) say(tableRow(f));
  say('(cpu: ms per request, gateway process and every process + PostgreSQL backends; stmts/xacts: per request; gw MB: max RSS)');
  say('targets:');
  for (const line of verdicts(figures)) say(line);
  const hidden = processes.filter((p) => p.hiddenLines > 0);
  if (hidden.length) say(`log lines not shown (LOG_LEVEL=warn): ${hidden.map((p) => `${p.id} ${p.hiddenLines}`).join(', ')}`);
  // A run where nothing succeeded measured nothing.
  return figures.every((f) => f.summary.errors < f.summary.requests) ? 0 : 1;
}

const warmUpSecondsLine = (s: Settings) => `${s.warmUpSeconds} s at ${WARM_UP.rate}/s unmeasured per scenario`;

/** Category and product at 200/s through Hive Gateway, when it is installed. */
async function compareHive(meters: Meters, region: RegionSystem, all: Record<Op, Scenario>, s: Settings, teardown: Teardown): Promise<Figures[]> {
  const cli = hiveCli();
  if (!cli) {
    say('compare-hive: @graphql-hive/gateway is not installed (not a dependency); to compare, run `npm i --no-save @graphql-hive/gateway` and this benchmark again with --compare-hive. Skipped.');
    return [];
  }
  const hive = await startHive(cli, region, teardown);
  const processes = [...Object.values(region.services).filter((p) => p.id !== 'gateway'), hive.process];
  const figures: Figures[] = [];
  for (const op of ['category', 'product'] as const) {
    say(`check: hive ${await check(hive, all[op])}`);
    figures.push(...(await runScenario(meters, hive, processes, all[op], [[200, s.hiveSeconds]], s.warmUpSeconds)));
  }
  return figures;
}

runBenchmark('bench:gateway', run);
