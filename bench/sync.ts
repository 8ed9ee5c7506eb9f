/**
 * `npm run bench:sync`: the sync worker on real Kafka and PostgreSQL.
 *
 *   1. Lag: product events offered at a fixed rate (SYNC_BENCH_RATE, default 500/s, paced every
 *      10 ms) for SYNC_BENCH_SECONDS (default 20); prints the rate achieved and the time from the
 *      event's creation (its commit in the origin region) to its apply commit, p50/p95/p99.
 *   2. Throughput: SYNC_BENCH_FLOOD events (default 40,000) already waiting in Kafka; prints how
 *      many events per second the worker applies until all are in.
 *
 * Needs PG_URL_EU (any database on the server; a scratch database is created and dropped) and
 * KAFKA_BROKERS (a scratch topic prefix is used). The worker runs in this process, as in `npm start`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { createPool, migrateAll } from '@miw/db';
import { createKafkaBus } from '@miw/events';
import { productEvents, type EventEnvelope } from '@miw/contracts';
import { createLogger } from '@miw/logging';
import { sleep } from '@miw/retry';
import { createSyncWorker } from '@miw/sync-worker';

const PG_URL = process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const RATE = Number(process.env.SYNC_BENCH_RATE ?? 500);
const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 20);
const FLOOD = Number(process.env.SYNC_BENCH_FLOOD ?? 40_000);
const logger = createLogger({ service: 'bench-sync', level: process.env.LOG_LEVEL ?? 'warn' });
const say = (line: string) => void process.stdout.write(`${line}\n`);

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(PG_URL, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function productEvent(phase: string, n: number): EventEnvelope {
  const id = randomUUID();
  const at = new Date();
  const stamp = at.toISOString();
  const payload = {
    id, sku: `BENCH-${phase}-${n}`, name: `bench product ${n}`, description: '', priceAmount: 100, currency: 'EUR', attributes: {}, status: 'ACTIVE' as const,
    manufacturerId: null, categoryId: null, originRegion: 'eu' as const, createdAt: stamp, updatedAt: stamp, deletedAt: null,
  };
  return productEvents.message('created', { entityId: id, originRegion: 'eu', entityUpdatedAt: at, correlationId: 'bench', payload }).envelope;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

async function main() {
  const db = `miw_bench_sync_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${db}"`);
  const url = withDatabase(PG_URL, db);
  const target = createPool({ url, max: 5, name: 'bench-sync-target' });
  const bus = createKafkaBus({ brokers: BROKERS, clientId: 'bench-sync', logger });
  const producer = bus.producer();
  try {
    await migrateAll(url, path.join(__dirname, '..', 'prisma'));
    const count = async () => Number((await target.query<{ n: string }>(`SELECT count(*) AS n FROM catalog.product`)).rows[0]!.n);
    say(`sync bench: Kafka ${BROKERS.join(',')}, PostgreSQL ${new URL(PG_URL).host}, worker in process, node ${process.version}`);

    // 1. Fixed offered rate: lag.
    {
      const prefix = `bench.${randomBytes(3).toString('hex')}.`;
      const topic = productEvents.topic('eu', prefix);
      await bus.ensureTopics([topic]);
      const worker = createSyncWorker({ bus, target, from: 'eu', to: 'cn', logger, topicPrefix: prefix, statusEveryMs: 0 });
      await worker.start();
      const total = RATE * SECONDS;
      const perTick = RATE / 100;
      const started = Date.now();
      const cpu = process.cpuUsage();
      let sent = 0;
      const sends: Promise<void>[] = [];
      while (sent < total) {
        const due = Math.min(total, Math.floor(((Date.now() - started) / 10 + 1) * perTick));
        const batch: EventEnvelope[] = [];
        while (sent < due) batch.push(productEvent('RATE', sent++));
        if (batch.length) sends.push(producer.send(batch.map((e) => ({ topic, key: e.entityId, value: JSON.stringify(e) }))));
        await sleep(10 - ((Date.now() - started) % 10));
      }
      await Promise.all(sends);
      const offeredFor = (Date.now() - started) / 1000;
      while (worker.stats.applied < total) {
        if (worker.stats.deadLettered) throw new Error('events were dead-lettered: see the log');
        await sleep(20);
      }
      const used = process.cpuUsage(cpu);
      const lags = worker.rolling.snapshot().sort((a, b) => a - b);
      say(
        `offered ${RATE} ev/s for ${SECONDS} s: sent ${total} in ${offeredFor.toFixed(1)} s (${(total / offeredFor).toFixed(0)} ev/s), applied ${worker.stats.applied}; ` +
          `commit-to-apply lag p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms, max ${lags[lags.length - 1]} ms; ` +
          `CPU ${(((used.user + used.system) / 1e6) * 1000 / total).toFixed(3)} ms per event (producer + worker)`,
      );
      await worker.stop();
    }

    // 2. Flood: a backlog applied as fast as the worker can.
    {
      const prefix = `bench.${randomBytes(3).toString('hex')}.`;
      const topic = productEvents.topic('eu', prefix);
      await bus.ensureTopics([topic]);
      for (let i = 0; i < FLOOD; i += 1000) {
        await producer.send(Array.from({ length: Math.min(1000, FLOOD - i) }, (_, j) => productEvent('FLOOD', i + j)).map((e) => ({ topic, key: e.entityId, value: JSON.stringify(e) })));
      }
      const before = await count();
      const worker = createSyncWorker({ bus, target, from: 'eu', to: 'cn', logger, topicPrefix: prefix, statusEveryMs: 0 });
      const cpu = process.cpuUsage();
      const started = Date.now();
      await worker.start();
      let firstAt = 0;
      while (worker.stats.applied < FLOOD) {
        if (worker.stats.deadLettered) throw new Error('events were dead-lettered: see the log');
        if (!firstAt && worker.stats.applied > 0) firstAt = Date.now();
        await sleep(10);
      }
      const done = Date.now();
      const used = process.cpuUsage(cpu);
      const rows = (await count()) - before;
      say(
        `flood of ${FLOOD} events: applied ${worker.stats.applied} (${rows} new rows) in ${((done - started) / 1000).toFixed(1)} s = ${(FLOOD / ((done - started) / 1000)).toFixed(0)} ev/s sustained ` +
          `(${(FLOOD / ((done - (firstAt || started)) / 1000)).toFixed(0)} ev/s after the consumer joined); CPU ${(((used.user + used.system) / 1e6) * 1000 / FLOOD).toFixed(3)} ms per event`,
      );
      await worker.stop();
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
    await bus.close();
    await target.end();
    await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:sync failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
