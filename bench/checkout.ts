/**
 * `npm run bench:checkout`: the `checkout` mutation through the gateway at a fixed arrival rate
 * (open model: each checkout is sent at its scheduled time, whether or not earlier ones have
 * answered), on real PostgreSQL and Kafka, MANUAL payment (PLACED at once).
 *
 * The services run as production runs them, each in its own process (bench/lib/commerce.ts:
 * inventory, orders and the gateway started like `npm start` does, on one fresh database and
 * topic prefix); this process is only the client. Every shopper is a distinct user whose cart is
 * filled BEFORE the measured phase (addToCart is not measured); latency runs from the scheduled
 * send time to the answer.
 *   (a) spread: 1,000 products with ample stock in one store, carts of 1-3 random lines;
 *   (b) hot: one product with limited stock (200 units) and 1,000 shoppers wanting one unit each;
 *       prints orders placed, OUT_OF_STOCK answers and the oversell count (must be 0).
 * A first, unloaded round sends 50 checkouts one at a time (service times without queueing).
 * Printed per scenario: offered and achieved rate, p50/p95/p99, errors; then what each checkout
 * cost, measured from outside the services: CPU ms of each process (gateway, orders, inventory,
 * this client, from /proc/<pid>/stat), of the PostgreSQL backends serving orders and inventory and
 * of the whole machine (/proc/stat: other work on a shared machine shows there), the database's
 * transactions and rows per checkout (pg_stat_database) and the tables read most
 * (pg_stat_user_tables). pg_stat_statements needs a server restart to load, so SQL statements are
 * not counted.
 *
 * Knobs: BENCH_RATE checkouts/s (50), BENCH_SECONDS (20), BENCH_PRODUCTS (1000),
 * BENCH_HOT_STOCK (200), BENCH_CPU_PROFILE=<file> (V8 CPU profiles of phase (a) only, one per
 * process: <file> with `.gateway`, `.orders`, `.inventory`, `.client` before `.cpuprofile`, for
 * Chrome DevTools or speedscope).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureDevKeySetFile, type UserViewer } from '@miw/auth';
import { withDatabase } from '@miw/db';
import { accessTokenFor, ensureTemplate, newRunId } from '@miw/testing';
import { startCommerce, type CommerceSystem } from './lib/commerce';
import { runBenchmark, startProfile, type Teardown } from './lib/processes';
import { busiestTables, counterDelta, counterRates, cpuMeter, databaseCounters, STATS_SETTLE_MS, tableScans, type CpuUsed, type DatabaseCounters, type TableScans } from './lib/usage';

const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1000);
const HOT_STOCK = Number(process.env.BENCH_HOT_STOCK ?? 200);
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const TARGET_P95_MS = 250;
const START_TIMEOUT_MS = 240_000;

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

const ADD = 'mutation($input: AddToCartInput!) { addToCart(input: $input) { cart { id } errors { code message } } }';
/** What a storefront reads back from a checkout (the selection of the orders tests). */
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { id status cancelReason total { amount currency } items { product { id } sku name quantity unitPrice { amount currency } } payment { provider status } store { id } }
  errors { code field message currentStatus lines { product { id } requested available previousUnitPrice { amount } unitPrice { amount } } newTotal { amount currency } } } }`;

/**
 * The test helpers read the infrastructure from the environment (bench/run.ts sets PG and Kafka):
 * the template database, the run's access-token keys (the gateway process verifies with the same
 * file) and its internal secret.
 */
async function provision(teardown: Teardown): Promise<void> {
  const pgUrl = withDatabase(process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'postgres');
  process.env.MIW_TEST_PG_URL = pgUrl;
  process.env.MIW_TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  process.env.MIW_TEST_RUN_ID = newRunId();
  process.env.MIW_TEST_TEMPLATE_DB = await ensureTemplate(pgUrl);
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'miw-bench-'));
  teardown.add('removing the key set', async () => rmSync(keysDir, { recursive: true, force: true }));
  process.env.MIW_TEST_AUTH_KEYS_FILE = path.join(keysDir, 'auth-keys.json');
  await ensureDevKeySetFile(process.env.MIW_TEST_AUTH_KEYS_FILE);
  process.env.MIW_TEST_INTERNAL_SECRET = randomBytes(32).toString('base64url');
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
}

interface Response<D> {
  status: number;
  data?: D | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs an operation to the gateway with a shopper's access token. */
async function call<D>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Response<D>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as Omit<Response<D>, 'status'>) };
  } catch {
    return { status: res.status, errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
  }
}

/** A shopper (a distinct customer) with a prepared cart. */
interface Shopper {
  token: string;
  cartId: string;
}

const customer = (): UserViewer => ({ kind: 'user', userId: randomUUID(), role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] });

/** Fills one cart per shopper (lines: product ids, one unit each), 20 at a time; not measured. */
async function prepareCarts(system: CommerceSystem, storeId: string, carts: string[][]): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  for (let i = 0; i < carts.length; i += 20) {
    const batch = carts.slice(i, i + 20).map(async (lines) => {
      const token = await accessTokenFor(customer());
      let cartId = '';
      for (const productId of lines) {
        const res = await call<{ addToCart: { cart: { id: string }; errors: unknown[] } }>(system.gatewayUrl, token, ADD, { input: { storeId, productId, quantity: 1 } });
        if (res.errors || !res.data || res.data.addToCart.errors.length) throw new Error(`addToCart failed: ${JSON.stringify(res.errors ?? res.data?.addToCart.errors)}`);
        cartId = res.data.addToCart.cart.id;
      }
      return { token, cartId };
    });
    shoppers.push(...(await Promise.all(batch)));
  }
  return shoppers;
}

type Outcome = 'PLACED' | 'OUT_OF_STOCK' | 'ERROR';

interface Answer {
  latencyMs: number;
  outcome: Outcome;
  detail?: string;
}

interface CheckoutData {
  checkout: { order: { status: string } | null; errors: { code: string }[] } | null;
}

/** One checkout through the gateway, classified. */
async function checkoutOnce(url: string, { token, cartId }: Shopper): Promise<Omit<Answer, 'latencyMs'>> {
  try {
    const res = await call<CheckoutData>(url, token, CHECKOUT, { input: { cartId, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
    const payload = res.data?.checkout;
    if (res.errors?.length || !payload) return { outcome: 'ERROR', detail: res.errors?.[0]?.extensions?.code ?? res.errors?.[0]?.message ?? `HTTP ${res.status}` };
    if (payload.order?.status === 'PLACED' && !payload.errors.length) return { outcome: 'PLACED' };
    if (payload.errors[0]?.code === 'OUT_OF_STOCK') return { outcome: 'OUT_OF_STOCK' };
    return { outcome: 'ERROR', detail: payload.errors[0]?.code ?? `order ${payload.order?.status}` };
  } catch (error) {
    return { outcome: 'ERROR', detail: (error as Error).message };
  }
}

/** Sends every shopper's checkout at its scheduled time (`rate` per second); latency from the schedule. */
async function fireAtRate(url: string, shoppers: Shopper[], rate: number): Promise<{ answers: Answer[]; seconds: number }> {
  if (!Number.isFinite(rate)) return fireInSequence(url, shoppers);
  const start = performance.now();
  const answers = await Promise.all(
    shoppers.map(async (shopper, i) => {
      const scheduled = start + (i * 1000) / rate;
      await sleep(scheduled - performance.now());
      const answer = await checkoutOnce(url, shopper);
      return { ...answer, latencyMs: performance.now() - scheduled };
    }),
  );
  return { answers, seconds: (performance.now() - start) / 1000 };
}

/** One checkout at a time: service times without queueing. */
async function fireInSequence(url: string, shoppers: Shopper[]): Promise<{ answers: Answer[]; seconds: number }> {
  const start = performance.now();
  const answers: Answer[] = [];
  for (const shopper of shoppers) {
    const sent = performance.now();
    answers.push({ ...(await checkoutOnce(url, shopper)), latencyMs: performance.now() - sent });
  }
  return { answers, seconds: (performance.now() - start) / 1000 };
}

/** Where profile `id` of BENCH_CPU_PROFILE goes: `x.cpuprofile` -> `x.orders.cpuprofile`. */
const profilePath = (file: string, id: string) => (file.endsWith('.cpuprofile') ? `${file.slice(0, -'.cpuprofile'.length)}.${id}.cpuprofile` : `${file}.${id}.cpuprofile`);

/** Runs `phase` under the V8 profiler of every service process and of this client; writes one profile each. */
async function profiled<T>(system: CommerceSystem, file: string, phase: () => Promise<T>): Promise<T> {
  const services = Object.values(system.services);
  const recordings = await Promise.all(services.map(startProfile));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath(file, 'client'), JSON.stringify(profile));
    session.disconnect();
    for (const [i, recording] of recordings.entries()) writeFileSync(profilePath(file, services[i]!.id), JSON.stringify(await recording.stop()));
  }
}

/** The idle system: its database activity per second (relay polls, reconciler; subtracted from each scenario) and the CPU it used. */
interface Background {
  db: Omit<DatabaseCounters, 'at'>;
  cpu: CpuUsed;
}

interface Figures {
  name: string;
  /** Checkouts per second offered; Infinity: one at a time. */
  rate: number;
  answers: Answer[];
  seconds: number;
  cpu: CpuUsed;
  db: Omit<DatabaseCounters, 'at'>;
  /** The tables read most, rows by scan kind. */
  tables: [string, TableScans][];
}

interface Meters {
  system: CommerceSystem;
  cpu: ReturnType<typeof cpuMeter>;
  background: Background;
}

/**
 * Runs one measured phase: the checkouts at `rate`, with the CPU each process used while they ran,
 * then (after the database's statistics settle) its transactions and rows.
 */
async function measure(meters: Meters, name: string, rate: number, shoppers: Shopper[], profileFile?: string): Promise<Figures> {
  const { system } = meters;
  const counters = await databaseCounters(system.pool, system.database);
  const tables = await tableScans(system.pool);
  const cpu = await meters.cpu.read();
  const run = () => fireAtRate(system.gatewayUrl, shoppers, rate);
  const { answers, seconds } = profileFile ? await profiled(system, profileFile, run) : await run();
  const used = await meters.cpu.since(cpu);
  await sleep(STATS_SETTLE_MS);
  const db = counterDelta(counters, await databaseCounters(system.pool, system.database), meters.background.db);
  return { name, rate, answers, seconds, cpu: used, db, tables: busiestTables(tables, await tableScans(system.pool), 4) };
}

/** The idle system's database activity per second and its CPU, over one settled window. */
async function background(system: CommerceSystem, cpu: ReturnType<typeof cpuMeter>): Promise<Background> {
  await sleep(STATS_SETTLE_MS);
  const before = await databaseCounters(system.pool, system.database);
  const cpuBefore = await cpu.read();
  await sleep(STATS_SETTLE_MS);
  const used = await cpu.since(cpuBefore);
  return { db: counterRates(before, await databaseCounters(system.pool, system.database)), cpu: used };
}

const HEADER = 'scenario            offered/s  achieved/s  p50 ms  p95 ms  p99 ms  errors  placed  out of stock';

/** The figures line of a scenario, under HEADER. */
function row(f: Figures): string {
  const latencies = f.answers.map((a) => a.latencyMs).sort((a, b) => a - b);
  const count = (o: Outcome) => f.answers.filter((a) => a.outcome === o).length;
  return [
    f.name.padEnd(18),
    (Number.isFinite(f.rate) ? String(f.rate) : '1 by 1').padStart(9),
    (f.answers.length / f.seconds).toFixed(1).padStart(10),
    ms(pct(latencies, 50)).padStart(6),
    ms(pct(latencies, 95)).padStart(6),
    ms(pct(latencies, 99)).padStart(6),
    String(count('ERROR')).padStart(6),
    String(count('PLACED')).padStart(6),
    String(count('OUT_OF_STOCK')).padStart(12),
  ].join('  ');
}

const PROCESSES = ['gateway', 'orders', 'inventory', 'client'] as const;
const BACKENDS = ['orders', 'inventory'] as const;
const COST_HEADER = `scenario            ${PROCESSES.map((p) => p.padStart(9)).join(' ')}  ${BACKENDS.map((b) => `pg ${b}`.padStart(12)).join(' ')}    total  machine  cores busy  xacts  rows written  rows read`;

/** The benchmark's own CPU in `cpu`: every process and the backends of the services' pools. */
const ownCpu = (cpu: CpuUsed) => [...cpu.processes.values(), ...BACKENDS.map((b) => cpu.backends.get(b) ?? 0)].reduce((a, b) => a + b, 0);

/**
 * CPU ms per checkout of each process, of each service's database backends, of all of them and
 * of the whole machine (other work on it included), the machine's busy cores, and the database's
 * work per checkout.
 */
function costRow(f: Figures): string {
  const n = f.answers.length;
  const per = (value: number | undefined) => (value === undefined ? '-' : (value / n).toFixed(2));
  return [
    f.name.padEnd(18),
    PROCESSES.map((p) => per(f.cpu.processes.get(p)).padStart(9)).join(' '),
    BACKENDS.map((b) => per(f.cpu.backends.get(b)).padStart(12)).join(' '),
    per(ownCpu(f.cpu)).padStart(8),
    per(f.cpu.machine).padStart(7),
    (f.cpu.machine / f.cpu.seconds / 1000).toFixed(2).padStart(10),
    (f.db.transactions / n).toFixed(1).padStart(5),
    (f.db.rowsWritten / n).toFixed(1).padStart(12),
    (f.db.rowsRead / n).toFixed(0).padStart(9),
  ].join('  ');
}

/** CPU ms per second of each process and backend while nothing is asked of the system. */
function idleLine(cpu: CpuUsed): string {
  const per = (value: number | undefined) => (value === undefined ? '-' : (value / cpu.seconds).toFixed(0));
  const parts = [...PROCESSES.map((p) => `${p} ${per(cpu.processes.get(p))}`), ...BACKENDS.map((b) => `pg ${b} ${per(cpu.backends.get(b))}`)];
  return `idle, CPU ms per second: ${parts.join(', ')}; whole machine ${per(cpu.machine)} (other work on it included)`;
}

/** The tables a scenario read most, per checkout: rows by sequential and by index scans. */
function tablesLine(f: Figures): string {
  const n = f.answers.length;
  const parts = f.tables.map(([name, t]) => `${name} ${((t.seqRows + t.indexRows) / n).toFixed(0)} (${(t.seqScans / n).toFixed(1)} seq scans reading ${(t.seqRows / n).toFixed(0)}, ${(t.indexScans / n).toFixed(1)} index scans)`);
  return `${f.name.padEnd(18)}  ${parts.join('; ')}`;
}

/** Which process saturates first at the CPU cost of `f`, and where all of them together fill the machine's cores. */
function capacity(f: Figures): string {
  const n = f.answers.length;
  const services = ['gateway', 'orders', 'inventory'].map((id) => [id, (f.cpu.processes.get(id) ?? 0) / n] as const).sort((a, b) => b[1] - a[1]);
  const [busiest, busiestMs] = services[0]!;
  const system = services.reduce((sum, [, v]) => sum + v, 0) + BACKENDS.reduce((sum, b) => sum + (f.cpu.backends.get(b) ?? 0) / n, 0);
  const cores = os.cpus().length;
  return `CPU-bound ceilings for ${f.name}: ${busiest} (the busiest process, one event loop) ${busiestMs.toFixed(1)} ms/checkout -> ~${(1000 / busiestMs).toFixed(0)} checkouts/s; services + their PostgreSQL backends ${system.toFixed(1)} ms/checkout on ${cores} cores (shared with the client and Kafka) -> ~${((1000 * cores) / system).toFixed(0)} checkouts/s`;
}

function errorKinds(f: Figures): string {
  const kinds = new Map<string, number>();
  for (const a of f.answers) if (a.outcome === 'ERROR') kinds.set(a.detail ?? '?', (kinds.get(a.detail ?? '?') ?? 0) + 1);
  return [...kinds].map(([k, n]) => `${n} x ${k}`).join(', ');
}

/** Units reserved beyond the shelf, from inventory's level and from orders' placed lines. */
async function oversell(system: CommerceSystem, storeId: string, productId: string, stock: number) {
  const level = await system.level(storeId, productId);
  const ordered = await system.unitsOrdered(storeId, productId);
  return { level, ordered, count: Math.max(0, level.reserved - level.onHand) + Math.max(0, ordered - stock) };
}

/** A random choice of 1-3 distinct products. */
function randomLines(products: string[]): string[] {
  const lines = new Set<string>();
  const n = 1 + Math.floor(Math.random() * 3);
  while (lines.size < n) lines.add(products[Math.floor(Math.random() * products.length)]!);
  return [...lines];
}

/** Catalog facts through Kafka in chunks (each waits until both projections hold it), then deep stock, and the hot product. */
async function fillShelves(system: CommerceSystem): Promise<{ products: string[]; hot: string }> {
  const products: string[] = [];
  while (products.length < PRODUCTS) products.push(...(await system.publishProducts(Math.min(250, PRODUCTS - products.length))));
  await system.stock(system.store.a, products, 1_000_000);
  const [hot] = await system.publishProducts(1);
  await system.stock(system.store.b, [hot!], HOT_STOCK);
  return { products, hot: hot! };
}

/** Prints the figures of the three scenarios and the oversell check; returns the oversell count. */
async function report(system: CommerceSystem, figures: Figures[], hot: string, background: Background): Promise<number> {
  const [, a] = figures;
  say(HEADER);
  for (const f of figures) say(row(f));
  for (const f of figures) if (errorKinds(f)) say(`${f.name} errors: ${errorKinds(f)}`);
  const sold = await oversell(system, system.store.b, hot, HOT_STOCK);
  say(`(b) on hand ${sold.level.onHand}, reserved ${sold.level.reserved}, units in orders placed ${sold.ordered} for a stock of ${HOT_STOCK}: OVERSELL COUNT ${sold.count}`);
  const p95 = pct(a!.answers.map((x) => x.latencyMs).sort((x, y) => x - y), 95);
  say(`target: p95 < ${TARGET_P95_MS} ms at ${RATE} checkouts/s for (a): ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'} (p95 ${ms(p95)} ms)`);
  say('');
  say('cost per checkout: CPU ms of each process while the scenario ran (/proc/<pid>/stat, user + system), of the PostgreSQL backends of each');
  say(`service's pools, all of them (total) and the whole machine; the database's transactions and rows (pg_stat_database; the idle system's ${background.db.transactions.toFixed(1)} transactions/s subtracted)`);
  say(COST_HEADER);
  for (const f of figures) say(costRow(f));
  say(idleLine(background.cpu));
  say(capacity(a!));
  say('rows read per checkout, by table (pg_stat_user_tables; the most read first)');
  for (const f of figures) say(tablesLine(f));
  return sold.count;
}

async function run(teardown: Teardown): Promise<number> {
  await provision(teardown);
  const started = performance.now();
  const system = await startCommerce({ label: 'benchco', inspect: Boolean(CPU_PROFILE), startTimeoutMs: START_TIMEOUT_MS }, teardown);
  const { products, hot } = await fillShelves(system);
  const total = RATE * SECONDS;
  const warmUp = await prepareCarts(system, system.store.a, Array.from({ length: 50 }, () => randomLines(products)));
  const solo = await prepareCarts(system, system.store.a, Array.from({ length: 50 }, () => randomLines(products)));
  const spread = await prepareCarts(system, system.store.a, Array.from({ length: total }, () => randomLines(products)));
  const contenders = await prepareCarts(system, system.store.b, Array.from({ length: total }, () => [hot]));
  const { gateway, orders, inventory } = system.services;
  say(
    `checkout through the gateway, MANUAL payment: ${RATE}/s for ${SECONDS} s per scenario, fixed arrival rate, latency from the scheduled send time; ` +
      `gateway, orders and inventory in their own processes (pids ${gateway.pid}, ${orders.pid}, ${inventory.pid}; DB pools of 10) (node ${process.version}, ${os.cpus().length} cores; set-up ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  await fireAtRate(system.gatewayUrl, warmUp, 10); // unreported: code paths, plans, pools and sockets warm
  const cpu = cpuMeter([gateway, orders, inventory], system.pool, system.database);
  const meters: Meters = { system, cpu, background: await background(system, cpu) };
  const figures = [
    await measure(meters, '(0) unloaded', Infinity, solo),
    await measure(meters, `(a) spread ${PRODUCTS}`, RATE, spread, CPU_PROFILE),
    await measure(meters, `(b) hot ${HOT_STOCK} units`, RATE, contenders),
  ];
  const oversold = await report(system, figures, hot, meters.background);
  if (CPU_PROFILE) say(`CPU profiles of (a): ${['gateway', 'orders', 'inventory', 'client'].map((id) => profilePath(CPU_PROFILE, id)).join(', ')}`);
  const hidden = [gateway, orders, inventory].filter((s) => s.hiddenLines > 0);
  if (hidden.length) say(`log lines not shown (LOG_LEVEL=warn): ${hidden.map((s) => `${s.id} ${s.hiddenLines}`).join(', ')}`);
  // A scenario where no checkout succeeded measured nothing: fail, as for an oversell.
  const succeeded = (f: Figures) => f.answers.some((a) => a.outcome !== 'ERROR');
  return oversold === 0 && figures.every(succeeded) ? 0 : 1;
}

runBenchmark('bench:checkout', run);
