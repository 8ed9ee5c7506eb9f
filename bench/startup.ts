/**
 * npm run bench:startup: each service's start-up time and memory, run as development runs it
 * (`node --import tsx <ws>/src/main.ts`) and as production does (`node --conditions=miw-dist
 * <ws>/dist/main.js`, after `npm run build`; built first when dist/ is missing or with --build).
 * Per service and mode: the median over --runs (default 3) of the time from spawn to the first
 * `/healthz` 200 and of the resident memory 2 s later (idle, start-up work done), with
 * NODE_ENV=production and no other Node flag. The services are started one
 * at a time on one migrated database, with Kafka (KAFKA_BROKERS) and a topic prefix of their own.
 * Needs PostgreSQL (PG_URL_EU) and Kafka (KAFKA_BROKERS).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevKeySetFile } from '@miw/auth';
import { dropDatabase, ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { isBuilt, REPO_ROOT, rssMb, SERVICES, startMeasured, type RunMode, type StartupSetting } from './lib/startup';
import { runBenchmark } from './lib/processes';

const PG = process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MODES: RunMode[] = ['tsx', 'dist'];
const SETTLE_MS = 2_000;

const say = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number >= 1`);
  return value;
};

runBenchmark('bench:startup', async (teardown) => {
  const runs = option('runs', 3);
  if (process.argv.includes('--build') || !SERVICES.every(isBuilt)) {
    say('building (npm run build) ...');
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const database = `miw_bench_start_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(PG, database);
  await ensureDatabase(PG, database);
  teardown.add(`drop ${database}`, () => dropDatabase(PG, database));
  await migrateAll(url, path.join(REPO_ROOT, 'prisma'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'miw-bench-start-'));
  teardown.add('remove the key set', async () => rmSync(work, { recursive: true, force: true }));
  const authKeysFile = path.join(work, 'auth-keys.json');
  await ensureDevKeySetFile(authKeysFile);
  const secret = () => randomBytes(32).toString('base64url');
  const setting: StartupSetting = {
    databaseUrl: url,
    kafkaBrokers: BROKERS,
    topicPrefix: `bench.start.${randomBytes(3).toString('hex')}.`,
    authKeysFile,
    secrets: { INTERNAL_TOKEN_SECRET: secret(), LOGIN_CODE_SECRET: secret(), LOGIN_CODE_SEAL_SECRET: secret(), API_KEY_SECRET: secret() },
    nodeEnv: 'production',
  };

  const rows: string[] = [];
  say(`${runs} run(s) per service and mode; start = spawn to /healthz 200, RSS ${SETTLE_MS / 1000} s after it (medians)`);
  for (const service of SERVICES) {
    const figures = {} as Record<RunMode, { startMs: number; rss: number }>;
    for (const mode of MODES) {
      const starts: number[] = [];
      const rss: number[] = [];
      for (let run = 0; run < runs; run++) {
        const started = await startMeasured(service, mode, setting);
        try {
          starts.push(started.startMs);
          await new Promise((r) => setTimeout(r, SETTLE_MS));
          const mb = rssMb(started.child.pid!);
          if (mb === undefined) throw new Error(`${service} (${mode}) exited after start-up:\n  ${started.tail.join('\n  ')}`);
          rss.push(mb);
        } finally {
          await started.stop();
        }
      }
      figures[mode] = { startMs: median(starts), rss: median(rss) };
    }
    const { tsx, dist } = figures;
    const row = `${service.padEnd(12)} start ${tsx.startMs.toFixed(0).padStart(5)} ms -> ${dist.startMs.toFixed(0).padStart(5)} ms (${((dist.startMs / tsx.startMs - 1) * 100).toFixed(0)}%)   RSS ${tsx.rss.toFixed(0).padStart(4)} MB -> ${dist.rss.toFixed(0).padStart(4)} MB (${((dist.rss / tsx.rss - 1) * 100).toFixed(0)}%)`;
    rows.push(row);
    say(row);
  }
  say('\nstart-up, tsx (development) -> dist (production):');
  for (const row of rows) say(`  ${row}`);
});
