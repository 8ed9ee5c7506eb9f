/**
 * One service process started the way development runs it (`node --import tsx <ws>/src/main.ts`)
 * or the way production runs it (`node --conditions=miw-dist <ws>/dist/main.js`, after
 * `npm run build`), with what can be seen of it from outside: the time from spawn to its first
 * `/healthz` 200, its resident memory (/proc/<pid>/status), its command line and NODE_OPTIONS
 * (/proc/<pid>/cmdline, /proc/<pid>/environ). Used by bench/startup.ts and test/e2e/build.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export type RunMode = 'tsx' | 'dist';

/** The services of one region plus the sync worker, in start order. */
export const SERVICES = ['gateway', 'auth', 'catalog', 'inventory', 'orders', 'notify', 'sync-worker'] as const;
type ServiceName = (typeof SERVICES)[number];

const workspaceOf = (service: ServiceName): string => (service === 'gateway' || service === 'sync-worker' ? service : `subgraphs/${service}`);

/** The Node arguments of a service in a mode (relative to the repository root). */
function serviceArgs(service: ServiceName, mode: RunMode): string[] {
  const workspace = workspaceOf(service);
  return mode === 'dist' ? ['--conditions=miw-dist', `${workspace}/dist/main.js`] : ['--import', 'tsx', `${workspace}/src/main.ts`];
}

/** Whether `npm run build` has written the service's entry point. */
export const isBuilt = (service: ServiceName): boolean => existsSync(path.join(REPO_ROOT, workspaceOf(service), 'dist', 'main.js'));

/** What every service of a start-up measurement shares: one migrated database, Kafka, the secrets. */
export interface StartupSetting {
  databaseUrl: string;
  kafkaBrokers: string;
  topicPrefix: string;
  authKeysFile: string;
  /** INTERNAL_TOKEN_SECRET, LOGIN_CODE_SECRET, LOGIN_CODE_SEAL_SECRET, API_KEY_SECRET (32+ characters each). */
  secrets: Record<'INTERNAL_TOKEN_SECRET' | 'LOGIN_CODE_SECRET' | 'LOGIN_CODE_SEAL_SECRET' | 'API_KEY_SECRET', string>;
  nodeEnv: 'production' | 'development';
}

/** The environment of one service, production-shaped: nothing but what it is given (no inherited NODE_OPTIONS). */
function serviceEnv(service: ServiceName, setting: StartupSetting, port: number): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: setting.nodeEnv,
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    KAFKA_BROKERS: setting.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: setting.topicPrefix,
    AUTH_KEYS_FILE: setting.authKeysFile,
    ...setting.secrets,
  };
  if (service === 'sync-worker') return { ...env, SYNC_FROM: 'eu', SYNC_TO: 'cn', TARGET_DATABASE_URL: setting.databaseUrl };
  env.REGION = 'eu';
  // The gateway joins its revocation feed's consumer group before listening (KAFKA_BROKERS is
  // optional there): tens of seconds on a fresh topic prefix, which would hide what is measured here.
  if (service === 'gateway') return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('KAFKA_')));
  env.DATABASE_URL = setting.databaseUrl;
  // Production sends email only over SMTP (not reached during start-up); orders takes the manual payment provider.
  if (service === 'notify') env.SMTP_URL = 'smtp://127.0.0.1:2525';
  if (service === 'orders') env.INVENTORY_URL = 'http://127.0.0.1:4003';
  return env;
}

/** A TCP port nothing listens on now (bound on port 0, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in MB (VmRSS), undefined once it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(/(\d+)/.exec(line)![1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** A started service: its process, and what /proc says of how it was started. */
export interface StartedService {
  service: ServiceName;
  mode: RunMode;
  child: ChildProcess;
  origin: string;
  /** Spawn to the first `/healthz` 200, in ms. */
  startMs: number;
  /** argv of the process as the kernel holds it (node, its flags, the entry point). */
  cmdline: string[];
  /** NODE_OPTIONS of the process ('' when unset). */
  nodeOptions: string;
  /** The last lines the process printed. */
  tail: string[];
  stop(): Promise<void>;
}

function readProc(pid: number, file: 'cmdline' | 'environ'): string[] {
  return readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').filter(Boolean);
}

/** Starts `service` in `mode` on a free port (`env` added to its environment) and resolves once its `/healthz` answers 200. */
export async function startMeasured(service: ServiceName, mode: RunMode, setting: StartupSetting, { timeoutMs = 60_000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<StartedService> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, serviceArgs(service, mode), { cwd: REPO_ROOT, env: { ...serviceEnv(service, setting, port), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line.slice(0, 600));
      if (tail.length > 20) tail.shift();
    });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async () => {
    if (gone) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`${service} (${mode}) exited during start-up:\n  ${tail.join('\n  ')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${service} (${mode}): no /healthz 200 after ${timeoutMs / 1000} s:\n  ${tail.join('\n  ')}`);
    }
    const ok = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  const environ = readProc(child.pid!, 'environ');
  const nodeOptions = environ.find((e) => e.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length) ?? '';
  return { service, mode, child, origin, startMs, cmdline: readProc(child.pid!, 'cmdline'), nodeOptions, tail, stop };
}

/** Whether a command line or NODE_OPTIONS brings a TypeScript loader or any module hook in. */
export function loaderIn(started: Pick<StartedService, 'cmdline' | 'nodeOptions'>): string | undefined {
  const flags = [...started.cmdline, ...started.nodeOptions.split(/\s+/)];
  return flags.find((f) => /tsx|ts-node|--import|--loader|--experimental-loader|--require|^-r$|\.ts$/.test(f));
}
