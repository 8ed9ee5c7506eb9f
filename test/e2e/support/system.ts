/**
 * The whole dual-region system started exactly as `npm start` starts it (scripts/start.ts), on the
 * test run's PostgreSQL and Kafka and a free port base: EU on base.., CN on base+50.., the sync
 * worker on base+99; `extraEnv` adds or overrides variables (production secrets, clients...).
 * The web clients are off unless `extraEnv.CLIENTS` turns them on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { readTestInfra, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { freeBase } from './ports';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface RunningSystem {
  base: number;
  process: ChildProcess;
  /** Every line it printed (stdout and stderr). */
  output: string[];
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  euGateway: string;
  cnGateway: string;
  /** SIGINT, then SIGKILL after `graceMs` if it is still running. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartSystemOptions {
  dbs: { eu: TestDatabase; cn: TestDatabase };
  topicTag: string;
  extraEnv?: Record<string, string>;
  /** Variables naming ports relative to the chosen base (e.g. the mail sink at base+97/98). */
  portEnv?: (base: number) => Record<string, string>;
  readyTimeoutMs?: number;
  /** Arguments of `npm start -- <args>` (e.g. --monitoring). */
  args?: string[];
}

export async function startSystem(opts: StartSystemOptions): Promise<RunningSystem> {
  const base = await freeBase();
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts', ...(opts.args ?? [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'development',
      PG_URL_EU: opts.dbs.eu.url,
      PG_URL_CN: opts.dbs.cn.url,
      KAFKA_BROKERS: readTestInfra().kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: testTopicPrefix(opts.topicTag),
      EU_PORT_BASE: String(base),
      CN_PORT_BASE: String(base + 50),
      SYNC_WORKER_PORT: String(base + 99),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      AUTH_KEYS_FILE: readTestInfra().authKeysFile,
      CLIENTS: 'false',
      ...opts.extraEnv,
      ...opts.portEnv?.(base),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (const stream of [child.stdout!, child.stderr!]) readline.createInterface({ input: stream }).on('line', (l) => output.push(l));
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (grace = setTimeout(r, graceMs)))]);
    clearTimeout(grace);
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const ready = waitFor(() => output.some((l) => l.startsWith('ready:')), { timeoutMs: opts.readyTimeoutMs ?? 200_000, intervalMs: 250, what: 'the ready line' });
  const died = exited.then((code) => Promise.reject(new Error(`npm start exited with code ${code} before ready`)));
  died.catch(() => undefined); // a later, expected exit is not an error
  await Promise.race([ready, died]).catch(async (error: Error) => {
    await stop(5_000);
    throw new Error(`${error.message}\n--- output ---\n${output.slice(-60).join('\n')}`);
  });
  return { base, process: child, output, exited, euGateway: `http://localhost:${base}/graphql`, cnGateway: `http://localhost:${base + 50}/graphql`, stop };
}
