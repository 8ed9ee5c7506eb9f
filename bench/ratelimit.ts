/**
 * `npm run bench -- ratelimit`: what the gateway's rate-limit counting adds to each request, per
 * counter store: memory (one instance), Redis (REDIS_URL, default redis://127.0.0.1:6379; skipped
 * when unreachable) and PostgreSQL (a database of its own on the server of PG_URL_EU, dropped at
 * the end). A request of a signed-in user counts twice, as the gateway does: its address, then its
 * user (an API key counts three times: address, minute, hour). Requests spread over 100 addresses
 * and 1,000 users.
 *
 * Prints, per store: p50/p95/p99 of the counting time of one request, one request at a time
 * (BENCH_REQUESTS, default 5,000, after 500 unmeasured), then with 32 requests in flight, and
 * the p50 added over memory.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, withDatabase } from '@miw/db';
import { memoryRateLimiter, postgresRateLimiter, redisRateLimiter, type RateLimiter } from '@miw/gateway';

const PG = process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5_000);
const WARMUP = 500;
const IN_FLIGHT = 32;
const say = (line: string) => process.stdout.write(`${line}\n`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '-');

/** One request's counting, as the gateway's countAddress + countUser do it. */
async function countOne(limiter: RateLimiter, i: number): Promise<number> {
  const started = performance.now();
  await limiter.hit(`ip:198.51.100.${i % 100}`, 1_000_000, 60);
  await limiter.hit(`user:${i % 1000}`, 1_000_000, 60);
  return performance.now() - started;
}

interface Figures {
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

async function measure(limiter: RateLimiter, concurrency: number): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await countOne(limiter, i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < REQUESTS) latencies.push(await countOne(limiter, next++));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), perSecond: REQUESTS / seconds };
}

const reachable = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
  });

async function main() {
  const database = `miw_bench_ratelimit_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(PG, database);
  const stores: [name: string, make: () => RateLimiter][] = [
    ['memory', memoryRateLimiter],
    ...((await reachable(REDIS_URL)) ? [['redis', () => redisRateLimiter(REDIS_URL, `miw:bench:${database}:`)] as [string, () => RateLimiter]] : []),
    ['postgresql', () => postgresRateLimiter(withDatabase(PG, database), { timeoutMs: 5_000 })],
  ];
  if (stores.length < 3) say(`Redis not reachable at ${REDIS_URL}: skipped`);
  const results: [string, Figures, Figures][] = [];
  try {
    for (const [name, make] of stores) {
      const limiter = make();
      try {
        results.push([name, await measure(limiter, 1), await measure(limiter, IN_FLIGHT)]);
      } finally {
        await limiter.close();
      }
    }
  } finally {
    await dropDatabase(PG, database);
  }
  const memory = results.find(([name]) => name === 'memory')![1];
  say(`\nrate-limit counting per request (2 counts: address + user), ${REQUESTS} requests, ms`);
  say('store        one at a time: p50    p95    p99   req/s  | 32 in flight: p50    p95    p99   req/s  | added p50 vs memory');
  for (const [name, one, many] of results) {
    say(
      `${name.padEnd(12)} ${ms(one.p50).padStart(18)} ${ms(one.p95).padStart(6)} ${ms(one.p99).padStart(6)} ${one.perSecond.toFixed(0).padStart(7)}  |` +
        ` ${ms(many.p50).padStart(17)} ${ms(many.p95).padStart(6)} ${ms(many.p99).padStart(6)} ${many.perSecond.toFixed(0).padStart(7)}  | ${ms(one.p50 - memory.p50).padStart(8)}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
