/**
 * `npm run bench [-- <name>... [--<option>...]]`: every benchmark (or the named ones), one child
 * process each, given the options that follow the names (e.g. `gateway --products 5000`), on
 * real PostgreSQL and Kafka provisioned the way the tests do it:
 *   - PostgreSQL: the server of PG_URL_EU, else an embedded PostgreSQL on 127.0.0.1:25434
 *     (data in .data/bench-postgres), unless every named benchmark starts its own (gateway);
 *   - Kafka: KAFKA_BROKERS, else the project's local broker on 127.0.0.1:19192 (tools/kafka).
 * Each benchmark prints its own figures; this runner prints which ran, how long, and exits 1 when
 * one failed. Benchmarks take minutes: they are not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, startEmbeddedPostgres, startLocalKafka, type EmbeddedPostgresHandle, type LocalKafkaHandle } from '@miw/local-infra';

/** Command line of each benchmark, relative to the repository root (run with this Node). */
const BENCHES: Record<string, { args: string[]; what: string; /** Starts its own PostgreSQL (PG_URL_EU is not needed). */ ownPostgres?: boolean }> = {
  catalog: { args: ['--import', 'tsx', 'subgraphs/catalog/bench/search.bench.ts'], what: 'catalog search, category and geo queries on a large catalog' },
  inventory: { args: ['--import', 'tsx', 'bench/inventory.ts'], what: 'stock adjustments at a fixed rate (hot row and spread)' },
  sync: { args: ['--import', 'tsx', 'bench/sync.ts'], what: 'cross-region apply: lag at 500 events/s and throughput on a backlog' },
  subscriptions: { args: ['--expose-gc', '--import', 'tsx', 'bench/subscriptions.ts'], what: 'commit-to-delivery through the gateway, N = 100 and 1,000' },
  checkout: { args: ['--import', 'tsx', 'bench/checkout.ts'], what: 'checkout through the gateway at 50/s: spread over 1,000 products, and one hot product (no oversell)' },
  rls: { args: ['--import', 'tsx', 'bench/rls.ts'], what: 'row-level security: p50/p95 and statements of a stock page and order lists, with and without policies and scope' },
  notify: { args: ['--import', 'tsx', 'bench/notify.ts'], what: 'order events turned into notifications (events/s) and signed webhook deliveries (deliveries/s)' },
  startup: { args: ['--import', 'tsx', 'bench/startup.ts'], what: 'start-up time and memory of every service, run through tsx (development) and from dist/ (production)' },
  ratelimit: { args: ['--import', 'tsx', 'bench/ratelimit.ts'], what: 'rate-limit counting per request: memory vs Redis vs PostgreSQL counter stores (p50/p95)' },
  clients: { args: ['--import', 'tsx', 'bench/clients.ts'], what: 'web clients: bundle sizes (gzip) and time to interactive of the shopper home and search pages in headless Chromium' },
  gateway: {
    args: ['--import', 'tsx', 'bench/gateway.ts'],
    what: 'open-loop reads through the gateway of a whole EU region on a large catalog: category, search, product and admin stock pages',
    ownPostgres: true,
  },
};

const say = (line: string) => void process.stdout.write(`[bench] ${line}\n`);

function run(name: string, options: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    // kafkajs schedules a negative timeout on reconnect (harmless): keep its warning out of the figures.
    const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', ...BENCHES[name]!.args, ...options], { cwd: REPO_ROOT, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward).once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const firstOption = args.findIndex((a) => a.startsWith('-'));
  const requested = firstOption < 0 ? args : args.slice(0, firstOption);
  const options = firstOption < 0 ? [] : args.slice(firstOption);
  const unknown = requested.filter((n) => !(n in BENCHES));
  if (unknown.length) {
    say(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  const names = requested.length ? requested : Object.keys(BENCHES);

  let pg: EmbeddedPostgresHandle | undefined;
  let kafka: LocalKafkaHandle | undefined;
  try {
    let pgUrl = process.env.PG_URL_EU;
    if (!pgUrl && names.some((n) => !BENCHES[n]!.ownPostgres)) {
      say('PG_URL_EU not set: starting embedded PostgreSQL on 127.0.0.1:25434');
      pg = await startEmbeddedPostgres({ dataDir: path.join(REPO_ROOT, '.data', 'bench-postgres'), port: 25434, fast: true });
      pgUrl = pg.url;
    }
    let brokers = process.env.KAFKA_BROKERS;
    if (!brokers) {
      say('KAFKA_BROKERS not set: starting the local broker on 127.0.0.1:19192');
      kafka = await startLocalKafka({ port: 19192, controllerPort: 19193, log: () => undefined });
      brokers = kafka.brokers.join(',');
    }
    const env = { ...process.env, ...(pgUrl ? { PG_URL_EU: pgUrl, PG_URL: pgUrl } : {}), KAFKA_BROKERS: brokers, APOLLO_TELEMETRY_DISABLED: '1' };
    const failed: string[] = [];
    for (const name of names) {
      say(`${name}: ${BENCHES[name]!.what}`);
      const started = Date.now();
      const code = await run(name, options, env);
      say(`${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (code !== 0) failed.push(name);
    }
    return failed.length ? 1 : 0;
  } finally {
    await kafka?.stop();
    await pg?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
