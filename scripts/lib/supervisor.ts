/** Runs services as child processes: prefixed output, readiness polling, ordered clean stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';

export interface ServiceSpec {
  /** e.g. `eu:catalog`. */
  id: string;
  entry: string;
  port: number;
  env: Record<string, string>;
}

/**
 * The Node flags of every service process: V8's old-space limit (MB). Node sizes it from the
 * machine's memory by default (gigabytes here), so a busy service would grow its heap, and its
 * resident memory, long before collecting; a bound like a container's keeps each service near its
 * real working set. `SERVICE_MAX_HEAP_MB` (64 to 16,384; default 256) sets it.
 */
export function serviceNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.SERVICE_MAX_HEAP_MB ?? '256';
  const mb = Number(raw);
  if (!/^\d+$/.test(raw) || mb < 64 || mb > 16_384) throw new Error(`SERVICE_MAX_HEAP_MB must be a whole number of MB from 64 to 16384 (got "${raw}")`);
  return [`--max-old-space-size=${mb}`];
}

export interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
  tail: string[];
}

const LEVEL_COLOR: Record<string, string> = { fatal: '\x1b[41m', error: '\x1b[31m', warn: '\x1b[33m', info: '\x1b[32m', debug: '\x1b[90m', trace: '\x1b[90m' };

/** Formats one pino JSON line for humans; other lines pass through. */
function prettyLine(id: string, line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `[${id}] ${line}`;
  }
  const { level = 'info', time, msg = '', err, service: _s, region: _r, pid: _p, hostname: _h, ...rest } = entry as Record<string, unknown> & { level?: string; time?: string; msg?: string; err?: { message?: string } };
  const clock = typeof time === 'string' ? time.slice(11, 19) : '';
  const lvl = String(level).padEnd(5);
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  const error = err?.message ? ` (${err.message})` : '';
  return color ? `${clock} [${id}] ${LEVEL_COLOR[String(level)] ?? ''}${lvl}\x1b[0m ${msg}${error}\x1b[90m${extra}\x1b[0m` : `${clock} [${id}] ${lvl} ${msg}${error}${extra}`;
}

/** Resolves to true when nothing listens on `port` (checked by binding it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function startService(spec: ServiceSpec, cwd: string, write: (line: string) => void, json: boolean): Running {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', ...serviceNodeFlags(), '--import', 'tsx', spec.entry], {
    cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const color = process.stdout.isTTY === true;
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      write(json ? `[${spec.id}] ${line}` : prettyLine(spec.id, line, color));
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { spec, child, exited, tail };
}

export async function waitReady(service: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  let gone = false;
  void service.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${service.spec.id} exited during start-up:\n  ${service.tail.slice(-10).join('\n  ')}`);
    try {
      const res = await fetch(`http://127.0.0.1:${service.spec.port}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status} ${await res.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.spec.id} not ready on port ${service.spec.port} after ${timeoutMs / 1000} s (${last})`);
}

/** SIGTERM to every service (in the given order), SIGKILL to those still alive after `graceMs`. */
export async function stopAll(services: Running[], graceMs = 10_000): Promise<void> {
  const alive = services.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  for (const s of alive) s.child.kill('SIGTERM');
  const timer = setTimeout(() => alive.forEach((s) => s.child.kill('SIGKILL')), graceMs);
  await Promise.all(alive.map((s) => s.exited));
  clearTimeout(timer);
}
