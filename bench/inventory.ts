/**
 * npm run bench:inventory: stock adjustments through the inventory subgraph at a fixed arrival
 * rate, on one hot level (every request contends for one row) and spread over 50 levels.
 * Prints, per scenario: offered and achieved rate, latency p50/p95/p99 from the scheduled send
 * time, errors, SQL statements and CPU milliseconds per request (client and subgraph share this
 * process), and checks the final stock is exact. Needs PostgreSQL (PG_URL_EU) and Kafka
 * (KAFKA_BROKERS); uses its own database and topic prefix and drops the database at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { INTERNAL_HEADER, signInternalToken } from '@miw/auth';
import { DomainServiceEnv, parseEnv } from '@miw/config';
import { dropDatabase, ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { createLogger } from '@miw/logging';
import { startDomainSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-inventory';

const PG = process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const RATES = (process.env.BENCH_RATES ?? '100,200,400').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  const database = `miw_bench_inv_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(PG, database);
  await ensureDatabase(PG, database);
  const secret = randomBytes(32).toString('hex');
  let statements = 0;
  try {
    await migrateAll(url, path.join(__dirname, '..', 'prisma'), ['inventory']);
    const env = parseEnv('inventory', DomainServiceEnv, {
      NODE_ENV: 'test', REGION: 'eu', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, KAFKA_BROKERS: BROKERS,
      KAFKA_TOPIC_PREFIX: `bench.${randomBytes(3).toString('hex')}.`, INTERNAL_TOKEN_SECRET: secret, DB_POOL_MAX: '10',
    });
    const sg = await startDomainSubgraph({ domain: 'inventory', env, logger: createLogger({ service: 'bench', level: 'silent' }), createApp, onQuery: () => void statements++ });
    try {
      const partnerOrg = randomUUID();
      const store = randomUUID();
      const products = Array.from({ length: 50 }, () => randomUUID());
      // The bench's own database: facts the catalog projection would hold, and deep stock.
      await sg.pool.query(`INSERT INTO inventory.catalog_store (id, region, partner_organization_id, updated_at) VALUES ($1, 'eu', $2, now())`, [store, partnerOrg]);
      await sg.pool.query(
        `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, updated_at) SELECT gen_random_uuid(), $1, p, 1000000, now() FROM unnest($2::uuid[]) p`,
        [store, products],
      );
      const headers = { 'content-type': 'application/json', [INTERNAL_HEADER]: await signInternalToken(secret, { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] }, 'bench') };
      const query = 'mutation($input: AdjustInventoryInput!) { adjustInventory(input: $input) { level { onHand } errors { code } } }';
      const adjust = async (productId: string) => {
        const res = await fetch(sg.url, { method: 'POST', headers, body: JSON.stringify({ query, variables: { input: { storeId: store, productId, delta: -1, reason: 'SOLD' } } }) });
        const body = (await res.json()) as { errors?: unknown[]; data?: { adjustInventory: { errors: unknown[] } } };
        if (body.errors?.length || body.data?.adjustInventory.errors.length) throw new Error(JSON.stringify(body));
      };
      await Promise.all(products.map((p) => adjust(p))); // warm-up
      const sent = new Map<string, number>(products.map((p) => [p, 1]));

      say(`inventory adjustments, ${SECONDS} s per scenario, fixed arrival rate (latency from the scheduled send time)`);
      say('scenario        offered/s  achieved/s  p50 ms  p95 ms  p99 ms  errors  SQL/req  CPU ms/req');
      for (const [name, pick] of [['hot (1 level)', () => products[0]!], ['spread (50)', (i: number) => products[i % 50]!]] as const) {
        for (const rate of RATES) {
          const total = rate * SECONDS;
          const latencies: number[] = [];
          let errors = 0;
          statements = 0;
          const cpu = process.cpuUsage();
          const start = performance.now();
          await Promise.all(
            Array.from({ length: total }, async (_, i) => {
              const scheduled = start + (i * 1000) / rate;
              await new Promise((r) => setTimeout(r, Math.max(0, scheduled - performance.now())));
              const productId = pick(i);
              try {
                await adjust(productId);
                sent.set(productId, (sent.get(productId) ?? 0) + 1);
              } catch {
                errors++;
              }
              latencies.push(performance.now() - scheduled);
            }),
          );
          const elapsed = (performance.now() - start) / 1000;
          const used = process.cpuUsage(cpu);
          latencies.sort((a, b) => a - b);
          say(
            `${name.padEnd(15)} ${String(rate).padStart(9)}  ${(total / elapsed).toFixed(1).padStart(10)}  ${pct(latencies, 50).toFixed(1).padStart(6)}  ${pct(latencies, 95).toFixed(1).padStart(6)}  ${pct(latencies, 99).toFixed(1).padStart(6)}  ${String(errors).padStart(6)}  ${(statements / total).toFixed(1).padStart(7)}  ${((used.user + used.system) / 1000 / total).toFixed(2).padStart(10)}`,
          );
        }
      }
      const { rows } = await sg.pool.query<{ product_id: string; on_hand: number }>(`SELECT product_id, on_hand FROM inventory.inventory_level WHERE store_id = $1`, [store]);
      const wrong = rows.filter((r) => r.on_hand !== 1_000_000 - (sent.get(r.product_id) ?? 0));
      say(wrong.length ? `STOCK MISMATCH on ${wrong.length} levels` : 'final stock exact on every level (onHand = start - successful adjustments)');
    } finally {
      await sg.close();
    }
  } finally {
    await dropDatabase(PG, database);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:inventory failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
