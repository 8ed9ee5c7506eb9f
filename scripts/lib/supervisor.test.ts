import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceNodeFlags, waitAllReady, type Running } from './supervisor';

describe('serviceNodeFlags', () => {
  it('bounds every service heap at 256 MB unless SERVICE_MAX_HEAP_MB says otherwise', () => {
    expect(serviceNodeFlags({})).toEqual(['--max-old-space-size=256']);
    expect(serviceNodeFlags({ SERVICE_MAX_HEAP_MB: '512' })).toEqual(['--max-old-space-size=512']);
  });

  it('refuses a value that would not start the services, naming the variable', () => {
    for (const bad of ['', 'abc', '12.5', '-1', '10', '99999']) expect(() => serviceNodeFlags({ SERVICE_MAX_HEAP_MB: bad })).toThrow(/SERVICE_MAX_HEAP_MB/);
  });
});

describe('waitAllReady', () => {
  /** A /readyz answering 503 (the service-kit body) until `readyAfter` requests, then 200. */
  const readyz = async (readyAfter: number) => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls += 1;
      const ready = calls > readyAfter;
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ready ? 'ready' : 'unready', checks: { postgres: 'ok', consumers: ready ? 'ok' : 'Kafka consumers have not joined their groups yet' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return { server, port: (server.address() as AddressInfo).port, calls: () => calls };
  };
  const running = (id: string, port: number, exited = new Promise<number | null>(() => undefined)): Running => ({ spec: { id, entry: '', port, env: {} }, child: {} as ChildProcess, exited, tail: ['boom'] });

  it('waits for every service, naming the slow one with its /readyz reason', async () => {
    const fast = await readyz(0);
    const slow = await readyz(6);
    const lines: string[] = [];
    try {
      const services = [running('eu:catalog', fast.port), running('eu:inventory', slow.port)];
      await waitAllReady(() => services, { timeoutMs: 10_000, write: (l) => lines.push(l), reportEveryMs: 0, pollMs: 10 });
      expect(slow.calls()).toBe(7);
      expect(lines).toContain('waiting for eu:inventory: consumers: Kafka consumers have not joined their groups yet');
      expect(lines.some((l) => l.includes('eu:catalog'))).toBe(false);
    } finally {
      fast.server.close();
      slow.server.close();
    }
  });

  it('fails at once when a service exits during start-up, and on timeout names what is not ready', async () => {
    const fast = await readyz(0);
    try {
      const crashed = [running('eu:auth', fast.port, Promise.resolve(1))];
      await expect(waitAllReady(() => crashed, { timeoutMs: 10_000, write: () => undefined, pollMs: 10 })).rejects.toThrow(/eu:auth exited during start-up:\n {2}boom/);
      const closed = await readyz(0);
      await new Promise((r) => closed.server.close(r)); // a port nothing listens on any more
      const silent = [running('eu:orders', closed.port)];
      await expect(waitAllReady(() => silent, { timeoutMs: 50, write: () => undefined, pollMs: 10 })).rejects.toThrow('not ready after 0.05 s: eu:orders (not listening yet)');
    } finally {
      fast.server.close();
    }
  });
});
