import type { ChildProcess } from 'node:child_process';
import { superviseRestarts } from './restarts';
import type { Running, ServiceSpec } from './supervisor';

/** A stand-in for a service process: `crash()` ends it as kill -9 would. */
interface FakeProcess extends Running {
  crash(signal?: NodeJS.Signals): void;
}

let nextPid = 1000;
function fakeProcess(spec: ServiceSpec): FakeProcess {
  let end!: (code: number | null) => void;
  const child = { pid: nextPid++, signalCode: null as NodeJS.Signals | null };
  const exited = new Promise<number | null>((resolve) => (end = resolve));
  return {
    spec,
    child: child as unknown as ChildProcess,
    exited,
    tail: [],
    crash: (signal = 'SIGKILL') => {
      child.signalCode = signal;
      end(128);
    },
  };
}

// Port 1: never answers (fetch refuses it), so a restarted fake never reports ready; not what these tests look at.
const spec = (id: string): ServiceSpec => ({ id, entry: `${id}.ts`, port: 1, env: {} });
const flush = () => new Promise((r) => setTimeout(r, 20));

describe('superviseRestarts', () => {
  let started: FakeProcess[];
  let lines: string[];
  const start = (s: ServiceSpec) => {
    const p = fakeProcess(s);
    started.push(p);
    return p;
  };
  beforeEach(() => {
    started = [];
    lines = [];
  });

  it('restarts a crashed service after a doubling delay, leaving the others alone, and says so with the pids', async () => {
    const a = fakeProcess(spec('eu:catalog'));
    const b = fakeProcess(spec('cn:catalog'));
    const restarts = superviseRestarts([a, b], { policy: { max: 3, windowMs: 60_000, baseDelayMs: 5 }, start, write: (l) => lines.push(l) });
    try {
      a.crash();
      await flush();
      expect(started.map((p) => p.spec.id)).toEqual(['eu:catalog']);
      expect(restarts.running()).toEqual([started[0], b]);
      started[0]!.crash();
      await flush();
      expect(lines.filter((l) => !l.includes('ready again'))).toEqual([
        `[supervisor] eu:catalog (pid ${a.child.pid}) was killed by SIGKILL; restarting it in 0 s (crash 1 of 3 allowed within 60 s)`,
        `[supervisor] restarted eu:catalog (pid ${started[0]!.child.pid})`,
        `[supervisor] eu:catalog (pid ${started[0]!.child.pid}) was killed by SIGKILL; restarting it in 0 s (crash 2 of 3 allowed within 60 s)`,
        `[supervisor] restarted eu:catalog (pid ${started[1]!.child.pid})`,
      ]);
      expect(restarts.givenUp()).toEqual([]);
    } finally {
      restarts.stop();
    }
  });

  it('gives up on a service after more than max crashes within the window, keeps the rest, and counts only recent crashes', async () => {
    let clock = 0;
    const a = fakeProcess(spec('eu:orders'));
    const b = fakeProcess(spec('eu:auth'));
    const allGone = jest.fn();
    const restarts = superviseRestarts([a, b], { policy: { max: 2, windowMs: 10_000, baseDelayMs: 1 }, start, write: (l) => lines.push(l), onAllGivenUp: allGone, now: () => clock });
    try {
      a.crash();
      await flush();
      clock = 20_000; // the first crash has left the window
      started[0]!.crash();
      await flush();
      started[1]!.crash();
      await flush();
      expect(restarts.givenUp()).toEqual([]);
      started[2]!.crash();
      await flush();
      expect(started).toHaveLength(3);
      expect(restarts.givenUp()).toEqual(['eu:orders']);
      expect(lines.at(-1)).toBe('[supervisor] giving up on eu:orders: it was killed by SIGKILL, crash 3 within 10 s (more than RESTART_MAX=2); the other services keep serving without it');
      expect(allGone).not.toHaveBeenCalled();
      expect(restarts.running()[1]).toBe(b);
    } finally {
      restarts.stop();
    }
  });

  it('calls onAllGivenUp once nothing is left to serve', async () => {
    const a = fakeProcess(spec('sync-worker'));
    const allGone = jest.fn();
    const restarts = superviseRestarts([a], { policy: { max: 0, windowMs: 10_000 }, start, write: (l) => lines.push(l), onAllGivenUp: allGone });
    a.crash();
    await flush();
    expect(allGone).toHaveBeenCalledTimes(1);
    expect(started).toHaveLength(0);
    restarts.stop();
  });

  it('restarts nothing once stopped (Ctrl-C), even a restart already waiting', async () => {
    const a = fakeProcess(spec('eu:gateway'));
    const b = fakeProcess(spec('cn:gateway'));
    const restarts = superviseRestarts([a, b], { policy: { max: 5, windowMs: 60_000, baseDelayMs: 50 }, start, write: (l) => lines.push(l) });
    a.crash();
    await flush();
    restarts.stop();
    b.crash('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toHaveLength(0);
    expect(lines).toHaveLength(1);
  });
});
