/**
 * Scale-out: two gateways, each over its own inventory instance, on one Kafka broker. A change
 * committed through instance A reaches subscribers on both gateways (each inventory instance
 * consumes the topic in a consumer group of its own), and each event exactly once per subscriber;
 * when an instance goes away, its subscribers get SUBSCRIPTION_UPSTREAM_ERROR and resubscribe.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { accessTokenFor, waitFor } from '@miw/testing';
import { commitLevelChange, projectStore } from './support/inventory-events';
import { startStack, type Stack } from './support/stack';
import { connect, nexts, subscribe, type Socket } from './support/ws';

const QUERY = `subscription($s: ID!) { inventoryLevelChanged(storeId: $s) { onHand updatedAt product { sku } } }`;

describe('subscriptions on two gateway + inventory instances', () => {
  let stack: Stack;
  const sockets: Socket[] = [];
  const partnerOrg = randomUUID();
  const store = randomUUID();
  const product = randomUUID();
  const partner: UserViewer = { kind: 'user', userId: randomUUID(), role: 'PARTNER', organizationId: partnerOrg, region: 'eu', scopes: [] };

  beforeAll(async () => {
    stack = await startStack('subsscale', { instances: 2 });
    await stack.catalog.pool.query(`INSERT INTO catalog.product (id, sku, name, price_amount, currency, status, origin_region, updated_at) VALUES ($1, 'SCALE-1', 'S', 100, 'EUR', 'ACTIVE', 'eu', now())`, [product]);
    await projectStore(stack.inventories[0]!.pool, { id: store, partnerOrganizationId: partnerOrg });
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await stack?.close();
  });

  it('delivers a change committed on instance A to subscribers of both gateways, once each; a lost instance ends its streams with a code', async () => {
    const subscribers: { socket: Socket; id: string }[] = [];
    for (const gateway of stack.gateways) {
      for (let i = 0; i < 2; i++) {
        const socket = await connect(gateway.url, { authorization: `Bearer ${await accessTokenFor(partner)}` });
        sockets.push(socket);
        subscribers.push({ socket, id: await subscribe(socket, QUERY, { s: store }) });
      }
    }
    const [instanceA] = stack.inventories;
    const commit = (delta: number) => commitLevelChange(instanceA!.pool, { storeId: store, productId: product, delta, organizationIds: [partnerOrg] });
    // Upstream subscriptions start asynchronously: commit until every subscriber has a first event.
    await waitFor(async () => subscribers.every((s) => nexts(s.socket, s.id).length > 0) || (await commit(0), false), { what: 'every stream live', intervalMs: 300, timeoutMs: 20_000 });
    const committed: string[] = [];
    for (let i = 1; i <= 5; i++) committed.push((await commit(i)).updatedAt);
    const received = (s: { socket: Socket; id: string }) => nexts<{ data: { inventoryLevelChanged: { updatedAt: string; product: { sku: string } } } }>(s.socket, s.id).map((e) => e.data.inventoryLevelChanged);
    await waitFor(() => subscribers.every((s) => committed.every((t) => received(s).some((e) => e.updatedAt === t))), { what: 'the five events on both gateways' });
    for (const s of subscribers) {
      const mine = received(s).filter((e) => committed.includes(e.updatedAt));
      expect(mine.map((e) => e.updatedAt)).toEqual(committed); // each once, in commit order
      expect(mine.every((e) => e.product.sku === 'SCALE-1')).toBe(true);
    }

    // Instance B goes away: its gateway's subscribers are told (code), their streams complete.
    const [instanceB] = stack.inventories.splice(1, 1);
    await instanceB!.close();
    const onB = subscribers.slice(2);
    await waitFor(() => onB.every((s) => s.socket.messages.some((m) => m.id === s.id && m.type === 'complete')), { what: 'streams on gateway B completed' });
    for (const s of onB) {
      const last = nexts<{ errors?: { extensions?: { code?: string } }[] }>(s.socket, s.id).at(-1);
      expect(last?.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTION_UPSTREAM_ERROR');
    }
  });
});
