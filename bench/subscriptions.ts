/**
 * `npm run bench:subscriptions`: commit-to-delivery latency of federated subscriptions.
 *
 * This process runs a gateway, the catalog and the inventory subgraph (real PostgreSQL and Kafka:
 * PG_URL_EU / KAFKA_BROKERS, defaults 127.0.0.1:5432 and 127.0.0.1:9092). A forked child process
 * opens N graphql-ws subscribers to `inventoryLevelChanged(storeId) { onHand updatedAt product { name sku } }`
 * (the product fields come from the catalog, per event). Stock changes are made with the
 * `adjustInventory` mutation through the gateway at a fixed rate (open model: each sent at its
 * scheduled time, whether or not the previous one was delivered); the mutation commits the level
 * and its outbox event in one transaction, and latency = receive time - the level's `updatedAt`
 * from the mutation's response (set in the committing transaction). Printed per N: p50/p95/p99, deliveries per
 * second, missing deliveries, memory per connection (RSS delta of the server process / N) and
 * CPU of the server process per event.
 *
 * Knobs: BENCH_N (default "100,1000"), BENCH_EVENTS (50), BENCH_RATE events/s (10),
 * BENCH_PRINCIPALS distinct users among the subscribers (1; each is one upstream group).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevKeySetFile, type UserViewer } from '@miw/auth';
import { withDatabase } from '@miw/db';
import { accessTokenFor, ensureTemplate, graphql, newRunId, waitFor } from '@miw/testing';
import { startStack } from '../gateway/test/support/stack';

const N_LIST = (process.env.BENCH_N ?? '100,1000').split(',').map(Number);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const PRINCIPALS = Number(process.env.BENCH_PRINCIPALS ?? 1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Report {
  received: Record<string, number[]>;
  errors: number;
}

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

function ask<T>(child: ChildProcess, command: object, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if ('failed' in message) reject(new Error(String(message.failed)));
      else if (key in message) {
        child.off('message', onMessage);
        resolve(message as T);
      }
    };
    child.on('message', onMessage);
    child.send(command);
  });
}

async function main() {
  await provision(); // the test helpers read the infrastructure from the environment

  // The edge's rate limits would refuse the benchmark's own mutations: lift them.
  const stack = await startStack('bench', { gateway: { limits: { perIp: 1_000_000, perIdentity: 1_000_000 }, wsLimits: { maxSocketsPerIdentity: 1_000_000, maxSocketsPerAddress: 1_000_000, maxConnectsPerAddressPerSecond: 1_000_000 } } });
  try {
    const partnerOrg = randomUUID();
    const manufacturer = randomUUID();
    const store = randomUUID();
    const product = randomUUID();
    await stack.seedCatalog({
      manufacturers: [{ id: manufacturer, organizationId: randomUUID() }],
      products: [{ id: product, sku: 'BENCH-1', name: 'Bench tea', manufacturerId: manufacturer }],
      stores: [{ id: store, code: 'BENCH', partnerOrganizationId: partnerOrg }],
    });
    const tokens: string[] = [];
    for (let i = 0; i < PRINCIPALS; i++) {
      const viewer: UserViewer = { kind: 'user', userId: randomUUID(), role: 'PARTNER', organizationId: partnerOrg, region: 'eu', scopes: [] };
      tokens.push(await accessTokenFor(viewer));
    }
    const url = stack.gateways[0]!.url;
    const adjust = `mutation($input: AdjustInventoryInput!) { adjustInventory(input: $input) { level { updatedAt } errors { code message } } }`;
    const commit = async (): Promise<{ updatedAt: string }> => {
      const res = await graphql<{ adjustInventory: { level: { updatedAt: string } | null; errors: unknown[] } }>(url, adjust, { input: { storeId: store, productId: product, delta: 1, reason: 'RECEIVED' } }, { authorization: `Bearer ${tokens[0]}` });
      const level = res.data?.adjustInventory.level;
      if (!level) throw new Error(`adjustInventory failed: ${JSON.stringify(res.errors ?? res.data?.adjustInventory.errors)}`);
      return level;
    };

    say(`federated subscriptions: ${EVENTS} events at ${RATE}/s, ${PRINCIPALS} principal(s), payload with catalog fields (node ${process.version}, ${os.cpus().length} cores)`);
    say('N     | p50 ms | p95 ms | p99 ms | max ms | deliveries/s | missing | errors | memory/conn | server CPU/event');
    // An unreported round of 20 first: one-time costs (code paths, plans, sockets) stay out of the figures.
    for (const [index, n] of [20, ...N_LIST].entries()) {
      const reported = index > 0;
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const child = fork(path.join(__dirname, 'subscriptions-subscribers.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      try {
        await ask(child, { start: { url, n, tokens, storeId: store } }, 'ready');
        await waitFor(() => stack.listening() >= PRINCIPALS, { what: 'upstream subscriptions', timeoutMs: 30_000 });
        // Warm-up: every subscriber has one event (the streams are live end to end).
        await waitFor(
          async () => {
            const { received } = await ask<Report>(child, { report: true }, 'received');
            if (Object.values(received).some((list) => list.length >= n)) return true;
            await commit();
            return false;
          },
          { what: 'warm-up delivery to every subscriber', intervalMs: 500, timeoutMs: 60_000 },
        );
        global.gc?.();
        const rssAfter = process.memoryUsage().rss;

        const cpuBefore = process.cpuUsage();
        const start = Date.now();
        const commits: Promise<{ updatedAt: string }>[] = [];
        for (let i = 0; i < EVENTS; i++) {
          await sleep(start + (i * 1000) / RATE - Date.now());
          commits.push(commit());
        }
        const committed = new Set((await Promise.all(commits)).map((c) => c.updatedAt));
        const expected = committed.size * n;
        const count = (r: Report) => [...committed].reduce((sum, at) => sum + (r.received[at]?.length ?? 0), 0);
        let report = await ask<Report>(child, { report: true }, 'received');
        const deadline = Date.now() + 30_000;
        while (count(report) < expected && Date.now() < deadline) {
          await sleep(250);
          report = await ask<Report>(child, { report: true }, 'received');
        }
        const cpu = process.cpuUsage(cpuBefore);
        const latencies: number[] = [];
        let last = 0;
        for (const at of committed) {
          for (const t of report.received[at] ?? []) {
            latencies.push(t - Date.parse(at));
            last = Math.max(last, t);
          }
        }
        latencies.sort((a, b) => a - b);
        const seconds = (last - start) / 1000;
        if (reported) say(
          [
            String(n).padEnd(5),
            percentile(latencies, 50).toFixed(0).padStart(6),
            percentile(latencies, 95).toFixed(0).padStart(6),
            percentile(latencies, 99).toFixed(0).padStart(6),
            (latencies.at(-1) ?? NaN).toFixed(0).padStart(6),
            (latencies.length / seconds).toFixed(0).padStart(12),
            String(expected - latencies.length).padStart(7),
            String(report.errors).padStart(6),
            `${((rssAfter - rssBefore) / n / 1024).toFixed(1)} KiB`.padStart(11),
            `${((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(1)} ms`.padStart(16),
          ].join(' | '),
        );
      } finally {
        child.send({ close: true });
        await new Promise((r) => child.once('exit', r));
      }
      await waitFor(() => stack.listening() === 0, { what: 'upstream subscriptions closed', timeoutMs: 30_000 });
    }
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
