/**
 * `npm run bench:checkout`: the `checkout` mutation through the gateway at a fixed arrival rate
 * (open model: each checkout is sent at its scheduled time, whether or not earlier ones have
 * answered), on real PostgreSQL and Kafka, MANUAL payment (PLACED at once).
 *
 * This process runs a gateway, the inventory and the orders subgraph on one database (the test
 * marketplace of subgraphs/orders/test/market.ts: catalog facts reach both projections through
 * Kafka). Every shopper is a distinct user whose cart is filled BEFORE the measured phase
 * (addToCart is not measured); latency runs from the scheduled send time to the answer.
 *   (a) spread: 1,000 products with ample stock in one store, carts of 1-3 random lines;
 *   (b) hot: one product with limited stock (200 units) and 1,000 shoppers wanting one unit each;
 *       prints orders placed, OUT_OF_STOCK answers and the oversell count (must be 0).
 * A first, unloaded round sends 50 checkouts one at a time (service times without queueing).
 * Printed per scenario: offered and achieved rate, p50/p95/p99, errors, CPU ms per checkout (client
 * and services share this process), then where the time goes: each server's handling time
 * (gateway, orders, inventory's reservation route) and the event loop's utilization.
 *
 * Knobs: BENCH_RATE checkouts/s (50), BENCH_SECONDS (20), BENCH_PRODUCTS (1000),
 * BENCH_HOT_STOCK (200), BENCH_CPU_PROFILE=<file> (a V8 CPU profile of phase (a) only, for
 * Chrome DevTools or speedscope).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { IncomingMessage, Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ensureDevKeySetFile, type UserViewer } from '@miw/auth';
import { withDatabase } from '@miw/db';
import { ensureTemplate, newRunId } from '@miw/testing';
import { CHECKOUT, startMarket, viewer, type Market } from '../subgraphs/orders/test/market';

const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 1000);
const HOT_STOCK = Number(process.env.BENCH_HOT_STOCK ?? 200);
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const TARGET_P95_MS = 250;

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

const ADD = 'mutation($input: AddToCartInput!) { addToCart(input: $input) { cart { id } errors { code message } } }';

/** The test helpers read the infrastructure from the environment (bench/run.ts sets PG and Kafka). */
async function provision(): Promise<void> {
  const pgUrl = withDatabase(process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'postgres');
  process.env.MIW_TEST_PG_URL = pgUrl;
  process.env.MIW_TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  process.env.MIW_TEST_RUN_ID = newRunId();
  process.env.MIW_TEST_TEMPLATE_DB = await ensureTemplate(pgUrl);
  process.env.MIW_TEST_AUTH_KEYS_FILE = path.join(mkdtempSync(path.join(os.tmpdir(), 'miw-bench-')), 'auth-keys.json');
  await ensureDevKeySetFile(process.env.MIW_TEST_AUTH_KEYS_FILE);
  process.env.MIW_TEST_INTERNAL_SECRET = randomBytes(32).toString('base64url');
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
}

/** A shopper with a prepared cart. */
interface Shopper {
  who: UserViewer;
  cartId: string;
}

/** Fills one cart per shopper (lines: product ids, one unit each), 20 at a time; not measured. */
async function prepareCarts(m: Market, storeId: string, carts: string[][]): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  for (let i = 0; i < carts.length; i += 20) {
    const batch = carts.slice(i, i + 20).map(async (lines) => {
      const who = viewer('CUSTOMER');
      let cartId = '';
      for (const productId of lines) {
        const res = await m.call(who, ADD, { input: { storeId, productId, quantity: 1 } });
        if (res.errors || res.data?.addToCart.errors.length) throw new Error(`addToCart failed: ${JSON.stringify(res.errors ?? res.data?.addToCart.errors)}`);
        cartId = res.data!.addToCart.cart.id;
      }
      return { who, cartId };
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

/** One checkout through the gateway, classified. */
async function checkoutOnce(m: Market, { who, cartId }: Shopper): Promise<Omit<Answer, 'latencyMs'>> {
  try {
    const res = await m.call(who, CHECKOUT, { input: { cartId, idempotencyKey: randomUUID(), paymentMethod: { provider: 'MANUAL' } } });
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
async function fireAtRate(m: Market, shoppers: Shopper[], rate: number): Promise<{ answers: Answer[]; seconds: number }> {
  if (!Number.isFinite(rate)) return fireInSequence(m, shoppers);
  const start = performance.now();
  const answers = await Promise.all(
    shoppers.map(async (shopper, i) => {
      const scheduled = start + (i * 1000) / rate;
      await sleep(scheduled - performance.now());
      const answer = await checkoutOnce(m, shopper);
      return { ...answer, latencyMs: performance.now() - scheduled };
    }),
  );
  return { answers, seconds: (performance.now() - start) / 1000 };
}

/** One checkout at a time: service times without queueing, to see where a checkout's own time goes. */
async function fireInSequence(m: Market, shoppers: Shopper[]): Promise<{ answers: Answer[]; seconds: number }> {
  const start = performance.now();
  const answers: Answer[] = [];
  for (const shopper of shoppers) {
    const sent = performance.now();
    answers.push({ ...(await checkoutOnce(m, shopper)), latencyMs: performance.now() - sent });
  }
  return { answers, seconds: (performance.now() - start) / 1000 };
}

type ServerName = 'gateway' | 'orders' | 'inventory';

/**
 * Handling time of every HTTP request each in-process server answers (request start to response
 * finish, from node's diagnostics channels): where a checkout's time goes, without touching the
 * services. Inventory's requests during the measured phase are the reservation calls of orders.
 */
function serverTimes(m: Market) {
  const ports = new Map<number, ServerName>([
    [Number(new URL(m.gateway.url).port), 'gateway'],
    [Number(new URL(m.orders.url).port), 'orders'],
    [Number(new URL(m.inventory.url).port), 'inventory'],
  ]);
  const started = new WeakMap<IncomingMessage, number>();
  let times: Record<ServerName, number[]> = { gateway: [], orders: [], inventory: [] };
  const portOf = (server: Server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  };
  subscribe('http.server.request.start', (message) => void started.set((message as { request: IncomingMessage }).request, performance.now()));
  subscribe('http.server.response.finish', (message) => {
    const { request, server } = message as { request: IncomingMessage; server: Server };
    const name = ports.get(portOf(server));
    const at = started.get(request);
    if (name && at !== undefined && request.method === 'POST') times[name].push(performance.now() - at);
  });
  return {
    /** The times recorded since the last call, sorted. */
    take(): Record<ServerName, number[]> {
      const out = times;
      times = { gateway: [], orders: [], inventory: [] };
      for (const list of Object.values(out)) list.sort((a, b) => a - b);
      return out;
    },
  };
}

/**
 * SQL statements sent, per pool (application_name: `orders-eu`, `inventory-eu`, their `-relay`
 * pools): every service runs in this process on the one pg module, so wrapping its `query` sees
 * all of them without touching the services.
 */
function sqlStatements() {
  let counts = new Map<string, number>();
  const original = pg.Client.prototype.query;
  const counting = function (this: pg.Client, ...args: unknown[]) {
    // pg keeps the pool's application_name on the client (not in its typings).
    const name = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name ?? '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  pg.Client.prototype.query = counting as typeof original;
  return {
    /** The statements counted since the last call, by pool. */
    take(): Map<string, number> {
      const out = counts;
      counts = new Map();
      return out;
    },
  };
}

interface Figures {
  name: string;
  /** Checkouts per second offered; Infinity: one at a time. */
  rate: number;
  answers: Answer[];
  seconds: number;
  cpuMs: number;
  elu: number;
  servers: Record<ServerName, number[]>;
  sql: Map<string, number>;
}

interface Recorders {
  servers: ReturnType<typeof serverTimes>;
  sql: ReturnType<typeof sqlStatements>;
}

/** Runs `phase` under the V8 profiler and writes the profile to `file` (every service runs in this process). */
async function profiled<T>(file: string, phase: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/** Runs one measured phase: the checkouts at `rate`, with CPU, event loop, server times and SQL statements. */
async function measure(m: Market, name: string, rate: number, shoppers: Shopper[], recorder: Recorders, profileFile?: string): Promise<Figures> {
  recorder.servers.take();
  recorder.sql.take();
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const run = () => fireAtRate(m, shoppers, rate);
  const { answers, seconds } = profileFile ? await profiled(profileFile, run) : await run();
  const used = process.cpuUsage(cpu);
  return { name, rate, answers, seconds, cpuMs: (used.user + used.system) / 1000 / answers.length, elu: performance.eventLoopUtilization(elu).utilization, servers: recorder.servers.take(), sql: recorder.sql.take() };
}

const HEADER = 'scenario            offered/s  achieved/s  p50 ms  p95 ms  p99 ms  errors  placed  out of stock  CPU ms/req';

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
    f.cpuMs.toFixed(1).padStart(10),
  ].join('  ');
}

/** Where a scenario's time went: each server's handling time, the event loop, SQL per checkout and pool. */
function breakdown(f: Figures): string {
  const part = (name: ServerName, label: string) => `${label} ${ms(pct(f.servers[name], 50))}/${ms(pct(f.servers[name], 95))}`;
  const sql = [...f.sql].sort(([a], [b]) => a.localeCompare(b)).map(([pool, n]) => `${pool} ${(n / f.answers.length).toFixed(1)}`).join(', ');
  return `${f.name.padEnd(18)}  ${part('gateway', 'gateway')}  ${part('orders', 'orders')}  ${part('inventory', 'inventory reserve')}  event loop ${(f.elu * 100).toFixed(0)}% busy  SQL/checkout: ${sql}`;
}

function errorKinds(f: Figures): string {
  const kinds = new Map<string, number>();
  for (const a of f.answers) if (a.outcome === 'ERROR') kinds.set(a.detail ?? '?', (kinds.get(a.detail ?? '?') ?? 0) + 1);
  return [...kinds].map(([k, n]) => `${n} x ${k}`).join(', ');
}

/** Units reserved beyond the shelf, from inventory's level and from orders' placed lines. */
async function oversell(m: Market, storeId: string, productId: string, stock: number) {
  const level = await m.level(storeId, productId);
  const { rows } = await m.orders.pool.query<{ units: string | null }>(
    `SELECT sum(i.quantity) AS units FROM orders.order_item i JOIN orders."order" o ON o.id = i.order_id
      WHERE o.store_id = $1 AND i.product_id = $2 AND o.status NOT IN ('CANCELLED', 'REFUNDED')`,
    [storeId, productId],
  );
  const ordered = Number(rows[0]!.units ?? 0);
  return { level, ordered, count: Math.max(0, level.reserved - level.onHand) + Math.max(0, ordered - stock) };
}

/** A random choice of 1-3 distinct products. */
function randomLines(products: string[]): string[] {
  const lines = new Set<string>();
  const n = 1 + Math.floor(Math.random() * 3);
  while (lines.size < n) lines.add(products[Math.floor(Math.random() * products.length)]!);
  return [...lines];
}

async function main() {
  await provision();
  const started = performance.now();
  const m = await startMarket('benchco');
  try {
    const recorder = { servers: serverTimes(m), sql: sqlStatements() };
    const total = RATE * SECONDS;
    // Catalog facts through Kafka in chunks (each waits until both projections hold it), then deep stock.
    const products: string[] = [];
    while (products.length < PRODUCTS) products.push(...(await m.products(Math.min(250, PRODUCTS - products.length))));
    for (const p of products) await m.stock(m.store.a, p, 1_000_000);
    const [hot] = await m.products(1);
    await m.stock(m.store.b, hot!, HOT_STOCK);

    const warmUp = await prepareCarts(m, m.store.a, Array.from({ length: 50 }, () => randomLines(products)));
    const solo = await prepareCarts(m, m.store.a, Array.from({ length: 50 }, () => randomLines(products)));
    const spread = await prepareCarts(m, m.store.a, Array.from({ length: total }, () => randomLines(products)));
    const contenders = await prepareCarts(m, m.store.b, Array.from({ length: total }, () => [hot!]));
    say(`checkout through the gateway, MANUAL payment: ${RATE}/s for ${SECONDS} s per scenario, fixed arrival rate, latency from the scheduled send time (node ${process.version}, ${os.cpus().length} cores; set-up ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    await fireAtRate(m, warmUp, 10); // unreported: code paths, plans, pools and sockets warm

    const unloaded = await measure(m, '(0) unloaded', Infinity, solo, recorder);
    const a = await measure(m, `(a) spread ${PRODUCTS}`, RATE, spread, recorder, CPU_PROFILE);
    const b = await measure(m, `(b) hot ${HOT_STOCK} units`, RATE, contenders, recorder);
    say(HEADER);
    for (const f of [unloaded, a, b]) say(row(f));
    for (const f of [unloaded, a, b]) if (errorKinds(f)) say(`${f.name} errors: ${errorKinds(f)}`);

    const sold = await oversell(m, m.store.b, hot!, HOT_STOCK);
    say(`(b) on hand ${sold.level.onHand}, reserved ${sold.level.reserved}, units in orders placed ${sold.ordered} for a stock of ${HOT_STOCK}: OVERSELL COUNT ${sold.count}`);
    const p95 = pct(a.answers.map((x) => x.latencyMs).sort((x, y) => x - y), 95);
    say(`target: p95 < ${TARGET_P95_MS} ms at ${RATE} checkouts/s for (a): ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'} (p95 ${ms(p95)} ms)`);
    say(`CPU per checkout at ${RATE}/s: ${a.cpuMs.toFixed(1)} ms (client, gateway, orders and inventory share this process): one event loop saturates near ${(1000 / a.cpuMs).toFixed(0)} checkouts/s`);
    say('where the time goes: server handling time per request, p50/p95 ms (the gateway includes orders, orders includes inventory)');
    for (const f of [unloaded, a, b]) say(breakdown(f));
    if (CPU_PROFILE) say(`CPU profile of (a): ${CPU_PROFILE}`);
    if (sold.count !== 0) process.exitCode = 1;
  } finally {
    await m.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench:checkout failed: ${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
