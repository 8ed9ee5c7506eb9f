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

/** One look at a service's `/readyz`: ready, or why not (the failing checks, or the connection error). */
export async function probeReady(port: number): Promise<{ ready: true } | { ready: false; reason: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    if (res.ok) return { ready: true };
    const text = await res.text();
    try {
      const { checks } = JSON.parse(text) as { checks?: Record<string, string> };
      const failing = Object.entries(checks ?? {}).filter(([, status]) => status !== 'ok');
      if (failing.length) return { ready: false, reason: failing.map(([name, status]) => `${name}: ${status}`).join('; ') };
    } catch {
      // not the service-kit body: report it as it came
    }
    return { ready: false, reason: `HTTP ${res.status} ${text.slice(0, 200)}` };
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return { ready: false, reason: cause === 'ECONNREFUSED' ? 'not listening yet' : (error as Error).message };
  }
}

export interface WaitAllReadyOptions {
  timeoutMs: number;
  write: (line: string) => void;
  /** How often to name the services still not ready (`waiting for <ids>: <reason>`). Default 5 s. */
  reportEveryMs?: number;
  pollMs?: number;
  /** True (start-up): a service that exits fails the wait. False: keep polling (a restart is coming). */
  failOnExit?: boolean;
}

/**
 * Resolves once one sweep finds every service's `/readyz` at 200 at the same time: a service
 * that was ready and fell back (a consumer group rebalancing) holds the ready line back too.
 * `services` is read on every sweep (restarts replace processes). Throws when the timeout passes,
 * naming the services not ready and why, or, with `failOnExit`, when a service exits (a start-up
 * failure is not retried: a configuration error must not loop).
 */
export async function waitAllReady(services: () => Running[], { timeoutMs, write, reportEveryMs = 5_000, pollMs = 250, failOnExit = true }: WaitAllReadyOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let nextReport = Date.now() + reportEveryMs;
  const gone = new WeakSet<Running>();
  const watched = new WeakSet<Running>();
  const exitedNow = () => {
    const list = services();
    for (const s of list.filter((s) => !watched.has(s))) {
      watched.add(s);
      void s.exited.then(() => gone.add(s));
    }
    return list.find((s) => gone.has(s));
  };
  for (;;) {
    const dead = exitedNow();
    if (dead && failOnExit) throw new Error(`${dead.spec.id} exited during start-up:\n  ${dead.tail.slice(-10).join('\n  ')}`);
    const list = services();
    const probes = await Promise.all(list.map(async (s) => ({ s, probe: await probeReady(s.spec.port) })));
    const waiting = probes.flatMap(({ s, probe }) => (probe.ready ? [] : [{ id: s.spec.id, reason: probe.reason }]));
    // Also re-checked after the sweep: a process that died during it must not count as ready.
    if (!waiting.length && !exitedNow()) return;
    if (Date.now() >= deadline) throw new Error(`not ready after ${timeoutMs / 1000} s: ${waiting.map((w) => `${w.id} (${w.reason})`).join(', ') || 'a service exited'}`);
    if (Date.now() >= nextReport) {
      // One line per reason: thirteen services still booting make one line, not thirteen.
      const byReason = new Map<string, string[]>();
      for (const w of waiting) byReason.set(w.reason, [...(byReason.get(w.reason) ?? []), w.id]);
      for (const [reason, ids] of byReason) write(`waiting for ${ids.join(', ')}: ${reason}`);
      nextReport = Date.now() + reportEveryMs;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** SIGTERM to every service (in the given order), SIGKILL to those still alive after `graceMs`. */
export async function stopAll(services: Running[], graceMs = 10_000): Promise<void> {
  const alive = services.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  for (const s of alive) s.child.kill('SIGTERM');
  const timer = setTimeout(() => alive.forEach((s) => s.child.kill('SIGKILL')), graceMs);
  await Promise.all(alive.map((s) => s.exited));
  clearTimeout(timer);
}
