/**
 * Fault test 3: the Kafka broker restarts while users change in both regions. Runs its OWN broker
 * (other ports, own state folder) so the shared test broker is never touched.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { RegionCode } from '@miw/contracts';
import { startLocalKafka, type LocalKafkaHandle } from '@miw/local-infra';
import { waitFor } from '@miw/testing';
import { startTwoRegions, type TwoRegions } from './harness';

const PORT = Number(process.env.SYNC_TEST_KAFKA_PORT ?? 29472);

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('fault 3: the Kafka broker is restarted while changes are being made', () => {
  let kafka: LocalKafkaHandle | undefined;
  let starting: Promise<unknown> | undefined;
  let r: TwoRegions | undefined;

  beforeAll(async () => {
    // This test must own the broker it restarts (a reused one would not be stopped).
    if (await portOpen(PORT)) throw new Error(`a broker already listens on ${PORT}: stop it (KAFKA_PORT=${PORT} KAFKA_CONTROLLER_PORT=${PORT + 1} npm run kafka -- stop) or set SYNC_TEST_KAFKA_PORT`);
    const started = startLocalKafka({ port: PORT, controllerPort: PORT + 1 }).then((k) => ((kafka = k), k.brokers));
    starting = started.catch(() => undefined);
    r = await startTwoRegions('broker', { brokers: started });
  }, 180_000);
  afterAll(async () => {
    await r?.close();
    await starting;
    await kafka?.stop();
  }, 120_000);

  it('converges with every change applied', async () => {
    const regions = r!;
    await Promise.all([regions.startWorker('eu', 'cn'), regions.startWorker('cn', 'eu')]);
    const first = await regions.createUser('eu', `pre-${randomUUID()}@example.com`, 'Before the restart');
    await regions.converged(first);

    // Writes keep coming (alternating regions) while the broker goes down and comes back.
    const written: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const code: RegionCode = i % 2 ? 'cn' : 'eu';
        written.push(await regions.createUser(code, `restart-${i}-${randomUUID()}@example.com`, `Written during restart ${i}`));
        if (i % 3 === 0) await regions.updateUser(code === 'eu' ? 'cn' : 'eu', first, `Edit ${i}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await waitFor(() => written.length >= 5, { what: 'writes before the restart', timeoutMs: 20_000 });
    await kafka!.stop();
    expect(await portOpen(PORT)).toBe(false);
    const duringOutage = written.length;
    await waitFor(() => written.length >= duringOutage + 5, { what: 'writes while the broker is down', timeoutMs: 20_000 });
    kafka = await startLocalKafka({ port: PORT, controllerPort: PORT + 1 });
    const afterRestart = written.length;
    await waitFor(() => written.length >= afterRestart + 5, { what: 'writes after the restart', timeoutMs: 20_000 });
    writing = false;
    await writer;

    for (const id of written) await regions.converged(id, `user ${id} after the broker restart`);
    await regions.converged(first, 'the user edited from both regions');
  }, 240_000);
});
