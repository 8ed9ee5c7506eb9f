/**
 * Services of a benchmark as child processes, started exactly as `npm start` starts them
 * (scripts/lib/supervisor.ts: `node --import tsx <entry>` with the service's environment), so that
 * each has its own event loop: figures then measure the system, not one loop shared by the client
 * and every service. Also what can be measured of a process from outside: its CPU time from
 * /proc/<pid>/stat and, on request, a V8 CPU profile through its inspector.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { REPO_ROOT } from '@miw/local-infra';
import { startService, stopAll, type Running } from '../../scripts/lib/supervisor';

/** A service process of the benchmark. */
export interface ServiceProcess {
  /** e.g. `orders`. */
  id: string;
  pid: number;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  running: Running;
  /** The inspector's WebSocket URL, once the process printed it (only when started with `inspect`). */
  inspectorUrl?: string;
  /** Log lines the process printed beyond the first few shown. */
  hiddenLines: number;
}

export interface ServiceStart {
  id: string;
  /** Entry point relative to the repository root, e.g. `subgraphs/orders/src/main.ts`. */
  entry: string;
  /** The service's environment (PORT and HOST are added). */
  env: Record<string, string>;
  /** Opens the V8 inspector on a free port (for CPU profiles). */
  inspect?: boolean;
}

/** Log lines a service may print before the rest are only counted (a warning per request must not bury the figures). */
const LOG_LINES_SHOWN = 5;
/** Characters shown of one log line (a pino error line with its stack runs to kilobytes). */
const LOG_LINE_CHARS = 600;

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

/**
 * Starts one service on a free port of 127.0.0.1. Its output goes to stderr with its id (the
 * first lines only, shortened; the rest are counted in `hiddenLines`); the inspector's address,
 * when asked for, is taken from that output.
 */
export async function startServiceProcess(start: ServiceStart): Promise<ServiceProcess> {
  const port = await freePort();
  const env: Record<string, string> = { ...start.env, PORT: String(port), HOST: '127.0.0.1' };
  if (start.inspect) env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--inspect=127.0.0.1:0'].filter(Boolean).join(' ');
  let shown = 0;
  const service: Partial<ServiceProcess> = { id: start.id, origin: `http://127.0.0.1:${port}`, hiddenLines: 0 };
  const write = (line: string) => {
    const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(line);
    if (inspector) service.inspectorUrl = inspector[1];
    if (/Debugger (listening|attached|ending)|For help, see|Waiting for the debugger/.test(line)) return;
    if (shown++ >= LOG_LINES_SHOWN) service.hiddenLines!++;
    else process.stderr.write(`${line.length > LOG_LINE_CHARS ? `${line.slice(0, LOG_LINE_CHARS)} ...` : line}\n`);
  };
  const running = startService({ id: start.id, entry: start.entry, port, env }, REPO_ROOT, write, true);
  if (running.child.pid === undefined) throw new Error(`${start.id}: could not start ${start.entry}`);
  return Object.assign(service, { pid: running.child.pid, running }) as ServiceProcess;
}

/**
 * Polls the service's `/readyz` until `accept` takes its answer (default: HTTP 200); fails when the
 * process exits first or after `timeoutMs`, with the last answer and the process's last lines.
 */
export async function waitUntilReady(service: ServiceProcess, timeoutMs: number, accept: (status: number, body: unknown) => boolean = (status) => status === 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void service.running.exited.then(() => (gone = true));
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${service.id} exited during start-up:\n  ${service.running.tail.slice(-10).join('\n  ')}`);
    try {
      const res = await fetch(`${service.origin}/readyz`, { signal: AbortSignal.timeout(2000) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: `accept` sees the text
      }
      if (accept(res.status, body)) return;
      last = `HTTP ${res.status} ${text}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.id} not ready after ${timeoutMs / 1000} s (${last}); last lines:\n  ${service.running.tail.slice(-10).join('\n  ')}`);
}

/** SIGTERM to each service (graceful shutdown, as in production), SIGKILL to those still up after 10 s. */
export async function stopServices(services: ServiceProcess[]): Promise<void> {
  await stopAll(services.map((s) => s.running));
}

/** Kills the services at once: the last resort when the benchmark process itself is exiting. */
export function killServices(services: ServiceProcess[]): void {
  for (const s of services) if (s.running.child.exitCode === null && s.running.child.signalCode === null) s.running.child.kill('SIGKILL');
}

let ticksPerSecond: number | undefined;
/** USER_HZ, the unit of utime and stime in /proc (100 on Linux almost everywhere). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * CPU time a process has used so far (user + system, all its threads), in ms, from
 * /proc/<pid>/stat; undefined when the process is gone or unreadable. With `command`, undefined
 * also when the process's command name differs (a pid of another machine's server).
 */
export function processCpuMs(pid: number, command?: string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields: pid (comm) state ...; comm may hold spaces and parentheses, so split after the last ')'.
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  if (command !== undefined && name !== command) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, i.e. 11 and 12 after the state (field 3).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/**
 * CPU time the whole machine has used so far (every core: user, nice, system, irq, softirq,
 * steal; not idle or I/O wait), in ms, from /proc/stat: what the benchmark's processes got is
 * only meaningful beside what everything else on the machine took meanwhile.
 */
export function machineCpuMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicks();
}

/** A V8 CPU profile being recorded in a service process. */
export interface ProfileRecording {
  /** Stops the profiler and returns the profile (the `.cpuprofile` JSON). */
  stop(): Promise<unknown>;
}

/**
 * Starts the V8 sampling profiler of a service started with `inspect`, over its inspector
 * WebSocket (the Chrome DevTools protocol). The connection is closed when the profile is taken:
 * a process with a debugger attached waits for it to leave before exiting.
 */
export async function startProfile(service: ServiceProcess): Promise<ProfileRecording> {
  if (!service.inspectorUrl) throw new Error(`${service.id}: no inspector (start it with inspect: true)`);
  const socket = new WebSocket(service.inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`${service.id}: inspector connection failed`)), { once: true });
  });
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(`${service.id}: ${message.error.message}`));
    else waiter.resolve(message.result);
  });
  let next = 0;
  const send = (method: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method }));
    });
  await send('Profiler.enable');
  await send('Profiler.start');
  return {
    async stop() {
      try {
        const result = (await send('Profiler.stop')) as { profile: unknown };
        return result.profile;
      } finally {
        socket.close();
      }
    },
  };
}

/**
 * What to undo, newest first, whichever way the benchmark ends (done, failed, Ctrl-C): stop the
 * services, drop the database. A step that fails is reported and the others still run.
 */
export class Teardown {
  private readonly steps: { what: string; step: () => Promise<void> }[] = [];
  private running?: Promise<void>;

  add(what: string, step: () => Promise<void>): void {
    this.steps.push({ what, step });
  }

  /** Runs every step once; a second caller (Ctrl-C during the clean-up after a failure) waits for the same run. */
  run(): Promise<void> {
    this.running ??= this.unwind();
    return this.running;
  }

  private async unwind(): Promise<void> {
    for (let next = this.steps.pop(); next; next = this.steps.pop()) {
      await next.step().catch((error: unknown) => process.stderr.write(`clean-up: ${next!.what} failed: ${String(error)}\n`));
    }
  }
}

/**
 * Runs a benchmark's `run` as the process's main: its exit code becomes the process's; whatever
 * `run` registered on the teardown is undone whether it succeeds, fails or is interrupted.
 */
export function runBenchmark(name: string, run: (teardown: Teardown) => Promise<number | void>): void {
  const teardown = new Teardown();
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`${name}: ${signal}, stopping the services\n`);
    void teardown.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  run(teardown)
    .finally(() => teardown.run())
    .then(
      (code) => process.exit(code ?? process.exitCode ?? 0),
      (error: unknown) => {
        process.stderr.write(`${name} failed: ${String((error as Error).stack ?? error)}\n`);
        process.exit(1);
      },
    );
}
