/**
 * End to end: `npm start` supervises its children. The ready line comes only once every
 * service's /readyz answers 200; a service killed afterwards (kill -9) is restarted with backoff
 * while the other region keeps serving; Ctrl-C still stops everything, restarted processes too.
 */
import { accessTokenFor, createTestDatabase, graphql, waitFor, type TestDatabase } from '@miw/testing';
import { startSystem, type RunningSystem } from './support/system';

const SUBGRAPHS = ['auth', 'catalog', 'inventory', 'orders', 'notify'];
/** The seeded admin (scripts/lib/seed-data.ts) and a seeded product (scripts/lib/seed-catalog.ts). */
const admin = () => accessTokenFor({ kind: 'user', userId: '05e20000-0000-4000-8000-000000000001', role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] });
const PRODUCT = `{ product(id: "9d000000-0000-4000-8000-000000000001") { sku manufacturer { name } } }`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start supervises its services', () => {
  let eu: TestDatabase;
  let cn: TestDatabase;
  let running: RunningSystem;
  /** /readyz of every service right after the ready line, before anything else runs. */
  let readyAtReadyLine: { port: number; status: number }[];

  beforeAll(async () => {
    [eu, cn] = await Promise.all([createTestDatabase('supeu'), createTestDatabase('supcn')]);
    running = await startSystem({ dbs: { eu, cn }, topicTag: 'sup', portEnv: (b) => ({ MAIL_SINK_SMTP_PORT: String(b + 97), MAIL_SINK_HTTP_PORT: String(b + 98) }) });
    const { base } = running;
    const ports = [base, base + 50, base + 99, ...SUBGRAPHS.flatMap((_, i) => [base + 1 + i, base + 51 + i])];
    readyAtReadyLine = await Promise.all(ports.map(async (port) => ({ port, status: (await fetch(`http://127.0.0.1:${port}/readyz`)).status })));
  }, 200_000);

  afterAll(async () => {
    await running?.stop(5_000);
    await eu?.drop();
    await cn?.drop();
  });

  it('prints the ready line only when every service answers /readyz 200', () => {
    expect(readyAtReadyLine.filter((r) => r.status !== 200)).toEqual([]);
    expect(readyAtReadyLine).toHaveLength(13);
    const readyAt = running.output.findIndex((l) => l.startsWith('ready:'));
    // Every "waiting for" line (if any service was slow) came before it.
    expect(running.output.slice(readyAt).filter((l) => l.startsWith('waiting for '))).toEqual([]);
  });

  it('restarts a killed subgraph while the other region keeps serving, and Ctrl-C still stops everything', async () => {
    const { output, base } = running;
    const started = output.find((l) => l.startsWith('[supervisor] started '));
    const pid = Number(/cn:catalog \(pid (\d+)\)/.exec(started ?? '')?.[1]);
    expect(pid).toBeGreaterThan(0);
    const token = await admin();

    // EU queries keep running through the CN subgraph's death and restart.
    const euResults: { ok: boolean; detail?: string }[] = [];
    let querying = true;
    const euLoop = (async () => {
      while (querying) {
        const res = await graphql<{ product: { sku: string } | null }>(running.euGateway, PRODUCT, undefined, { authorization: `Bearer ${token}` }).catch((e: Error) => ({ status: 0, data: undefined, errors: [{ message: e.message }] }));
        euResults.push(res.data?.product?.sku === 'TEA-LONGJING-100' ? { ok: true } : { ok: false, detail: JSON.stringify(res.errors ?? res.data) });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    process.kill(pid, 'SIGKILL');
    const restarting = await waitFor(() => output.find((l) => l.startsWith(`[supervisor] cn:catalog (pid ${pid}) was killed by SIGKILL; restarting it in `)), { timeoutMs: 10_000, what: 'the restart announcement' });
    expect(restarting).toContain('(crash 1 of 5 allowed within 60 s)');
    const restartedLine = await waitFor(() => output.find((l) => l.startsWith('[supervisor] restarted cn:catalog (pid ')), { timeoutMs: 10_000, what: 'the restart' });
    const newPid = Number(/\(pid (\d+)\)/.exec(restartedLine)?.[1]);
    expect(newPid).not.toBe(pid);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${base + 52}/readyz`)).status === 200, { timeoutMs: 40_000, intervalMs: 250, what: 'cn:catalog /readyz 200 again' });
    await waitFor(() => output.includes(`[supervisor] cn:catalog is ready again (pid ${newPid})`), { timeoutMs: 5_000, what: 'the ready-again line' });
    // CN serves the catalog again through its gateway.
    const cnAgain = await waitFor(async () => (await graphql<{ product: { sku: string } | null }>(running.cnGateway, PRODUCT, undefined, { authorization: `Bearer ${token}` })).data?.product?.sku, { timeoutMs: 15_000, intervalMs: 250, what: 'the product through the CN gateway' });
    expect(cnAgain).toBe('TEA-LONGJING-100');

    querying = false;
    await euLoop;
    expect(euResults.length).toBeGreaterThan(5);
    expect(euResults.filter((r) => !r.ok)).toEqual([]);
    expect(output.some((l) => l.startsWith('stopping'))).toBe(false);

    // Ctrl-C: everything stops, the restarted process too, and nothing is restarted meanwhile.
    await running.stop(20_000);
    expect(await running.exited).toBe(0);
    const stoppingAt = output.findIndex((l) => l.startsWith('stopping (SIGINT)'));
    expect(stoppingAt).toBeGreaterThan(-1);
    expect(output.slice(stoppingAt).filter((l) => l.startsWith('[supervisor]'))).toEqual([]);
    expect(alive(newPid)).toBe(false);
  }, 90_000);
});
