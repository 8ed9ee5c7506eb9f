/**
 * Keeps the services of `npm start` running once the system is up: a child that dies is started
 * again after a backoff delay (@miw/retry) while the others keep serving. A child that keeps
 * crashing (more than `max` times within `windowMs`) is given up on and reported, so a broken
 * service cannot loop forever; the rest of the system still serves.
 */
import { backoffDelay, sleep } from '@miw/retry';
import { probeReady, type Running, type ServiceSpec } from './supervisor';

interface RestartPolicy {
  /** Crashes allowed within the window; one more gives the service up. */
  max: number;
  windowMs: number;
  /** First restart delay; it doubles per crash within the window up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface RestartOptions {
  policy: RestartPolicy;
  /** Starts one service process (startService in npm start, a fake in tests). */
  start: (spec: ServiceSpec) => Running;
  write: (line: string) => void;
  /** Called once when every service has been given up on: nothing is left to serve. */
  onAllGivenUp?: () => void;
  /** How often a restarted process's `/readyz` is polled until it answers 200. */
  readyPollMs?: number;
  now?: () => number;
}

export interface Restarts {
  /** The current process of every service (the last one tried, for a service given up on). */
  running(): Running[];
  /** Ids of the services given up on. */
  givenUp(): string[];
  /** Stops restarting (shutdown): pending restarts are dropped, nothing new is started. */
  stop(): void;
}

interface Slot {
  current: Running;
  crashes: number[];
  givenUp: boolean;
}

/** How a process ended, for the log. */
function exitDescription(running: Running, code: number | null): string {
  const signal = running.child.signalCode;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function superviseRestarts(services: Running[], { policy, start, write, onAllGivenUp, readyPollMs = 500, now = Date.now }: RestartOptions): Restarts {
  const { max, windowMs, baseDelayMs = 1_000, maxDelayMs = 30_000 } = policy;
  const stopped = new AbortController();
  const slots: Slot[] = services.map((current) => ({ current, crashes: [], givenUp: false }));
  const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

  const reportReady = async (slot: Slot, running: Running) => {
    let gone = false;
    void running.exited.then(() => (gone = true));
    while (!gone && !stopped.signal.aborted) {
      if ((await probeReady(running.spec.port)).ready) {
        if (!gone && !stopped.signal.aborted && slot.current === running) write(`[supervisor] ${running.spec.id} is ready again (pid ${running.child.pid})`);
        return;
      }
      await sleep(readyPollMs, stopped.signal);
    }
  };

  const onExit = async (slot: Slot, running: Running, code: number | null) => {
    if (stopped.signal.aborted) return;
    const id = running.spec.id;
    const at = now();
    slot.crashes = [...slot.crashes.filter((t) => at - t < windowMs), at];
    const count = slot.crashes.length;
    if (count > max) {
      slot.givenUp = true;
      write(`[supervisor] giving up on ${id}: it ${exitDescription(running, code)}, crash ${count} within ${seconds(windowMs)} (more than RESTART_MAX=${max}); the other services keep serving without it`);
      if (slots.every((s) => s.givenUp)) onAllGivenUp?.();
      return;
    }
    // Deterministic delays (no jitter): one supervisor restarting its own children has no crowd
    // of clients to spread, and the log can say exactly when the restart comes.
    const delay = backoffDelay(count, { baseMs: baseDelayMs, maxMs: maxDelayMs, jitter: false });
    write(`[supervisor] ${id} (pid ${running.child.pid}) ${exitDescription(running, code)}; restarting it in ${seconds(delay)} (crash ${count} of ${max} allowed within ${seconds(windowMs)})`);
    await sleep(delay, stopped.signal);
    if (stopped.signal.aborted) return;
    const next = start(running.spec);
    slot.current = next;
    write(`[supervisor] restarted ${id} (pid ${next.child.pid})`);
    watch(slot, next);
    void reportReady(slot, next);
  };

  const watch = (slot: Slot, running: Running) => void running.exited.then((code) => onExit(slot, running, code));
  for (const slot of slots) watch(slot, slot.current);

  return {
    running: () => slots.map((s) => s.current),
    givenUp: () => slots.filter((s) => s.givenUp).map((s) => s.current.spec.id),
    stop: () => stopped.abort(),
  };
}
