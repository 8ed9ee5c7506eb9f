/**
 * Federated subscriptions through the gateway, on real PostgreSQL and Kafka: the event is
 * committed with its outbox row, relayed to Kafka, consumed by the inventory subgraph's live
 * source, streamed over graphql-ws to the gateway, and completed with catalog fields through the
 * supergraph.
 */
import { randomUUID } from 'node:crypto';
import { signAccessToken, type UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { accessTokenFor, graphql, testKeys, waitFor } from '@miw/testing';
import type { TestGateway } from '@miw/gateway/testing';
import { commitLevelChange, projectStore } from './support/inventory-events';
import { startStack, type Stack } from './support/stack';
import { connect, nexts, run, subscribe, type Socket } from './support/ws';

const user = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });

const LEVEL_CHANGED = `subscription($storeId: ID!) {
  inventoryLevelChanged(storeId: $storeId) { onHand available updatedAt product { name sku } store { code } }
}`;

interface LevelEvent {
  data?: { inventoryLevelChanged: { onHand: number; available: number; updatedAt: string; product: { name: string; sku: string }; store: { code: string } } };
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('federated subscriptions through the gateway', () => {
  let stack: Stack;
  let catalog: RunningSubgraph;
  let inventory: RunningSubgraph;
  let gateway: TestGateway;
  const sockets: Socket[] = [];
  const partnerOrg = randomUUID();
  const otherPartnerOrg = randomUUID();
  const makerOrg = randomUUID();
  const otherMakerOrg = randomUUID();
  const store = randomUUID();
  const otherStore = randomUUID();
  const product = randomUUID();

  const as = async (viewer: UserViewer) => {
    const socket = await connect(gateway.url, { authorization: `Bearer ${await accessTokenFor(viewer)}` });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    stack = await startStack('subscriptions');
    ({ catalog } = stack);
    inventory = stack.inventories[0]!;
    gateway = stack.gateways[0]!;
    const manufacturer = randomUUID();
    await catalog.pool.query(`INSERT INTO catalog.manufacturer (id, name, organization_id, origin_region, updated_at) VALUES ($1, 'Tea Works', $2, 'eu', now())`, [manufacturer, makerOrg]);
    await catalog.pool.query(
      `INSERT INTO catalog.product (id, sku, name, price_amount, currency, status, manufacturer_id, origin_region, updated_at) VALUES ($1, 'TEA-1', 'Longjing tea', 1200, 'EUR', 'ACTIVE', $2, 'eu', now())`,
      [product, manufacturer],
    );
    for (const [id, code, org] of [[store, 'BER-1', partnerOrg], [otherStore, 'PAR-1', otherPartnerOrg]] as const) {
      await catalog.pool.query(`INSERT INTO catalog.store (id, code, name, region, address, partner_organization_id, origin_region, updated_at) VALUES ($1, $2, 'S', 'eu', '{}', $3, 'eu', now())`, [id, code, org]);
      await projectStore(inventory.pool, { id, partnerOrganizationId: org });
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await stack?.close();
  });

  /** Subscribes; the upstream subscription starts asynchronously, so tests commit until a first event arrives. */
  const subscribed = (socket: Socket, storeId = store) => subscribe(socket, LEVEL_CHANGED, { storeId });

  it('delivers each committed change with fields of another subgraph (catalog) resolved through the supergraph', async () => {
    const admin = await as(user('ADMIN'));
    const id = await subscribed(admin);
    // Keep committing until the first delivery: the upstream subscription starts asynchronously.
    const first = await waitFor(async () => (nexts(admin, id).length ? true : (await commitLevelChange(inventory.pool, { storeId: store, productId: product, delta: 0, organizationIds: [partnerOrg] }), false)), { what: 'first event', intervalMs: 300 });
    expect(first).toBe(true);
    const before = nexts<LevelEvent>(admin, id).length;
    const committed = await commitLevelChange(inventory.pool, { storeId: store, productId: product, delta: 7, organizationIds: [partnerOrg, makerOrg] });
    const events = await waitFor(() => nexts<LevelEvent>(admin, id).length > before && nexts<LevelEvent>(admin, id), { what: 'the change' });
    const last = events.at(-1)!;
    expect(last.errors).toBeUndefined();
    expect(last.data!.inventoryLevelChanged).toEqual({ onHand: committed.onHand, available: committed.available, updatedAt: committed.updatedAt, product: { name: 'Longjing tea', sku: 'TEA-1' }, store: { code: 'BER-1' } });
  });

  it('never delivers an event to an organization outside its audience', async () => {
    const partner = await as(user('PARTNER', partnerOrg));
    // Makers may watch any store (they see their own products' levels): the stranger is another maker.
    const stranger = await as(user('MANUFACTURER', otherMakerOrg));
    const maker = await as(user('MANUFACTURER', makerOrg));
    const ids = { partner: await subscribed(partner), stranger: await subscribed(stranger), maker: await subscribed(maker) };
    // Warm up until the partner's stream is live, then send one event for the partner only and one for everyone.
    await waitFor(async () => (nexts(partner, ids.partner).length ? true : (await commitLevelChange(inventory.pool, { storeId: store, productId: product, delta: 0, organizationIds: [partnerOrg] }), false)), { what: 'partner stream', intervalMs: 300 });
    await waitFor(async () => (nexts(maker, ids.maker).length ? true : (await commitLevelChange(inventory.pool, { storeId: store, productId: product, delta: 0, organizationIds: [makerOrg] }), false)), { what: 'maker stream', intervalMs: 300 });
    const mine = await commitLevelChange(inventory.pool, { storeId: store, productId: product, delta: 1, organizationIds: [partnerOrg] });
    const shared = await commitLevelChange(inventory.pool, { storeId: store, productId: product, delta: 2, organizationIds: [partnerOrg, otherMakerOrg, makerOrg] });
    await waitFor(() => nexts<LevelEvent>(stranger, ids.stranger).length > 0, { what: 'the shared event at the stranger' });
    await waitFor(() => nexts<LevelEvent>(partner, ids.partner).some((e) => e.data?.inventoryLevelChanged.updatedAt === shared.updatedAt), { what: 'the shared event at the partner' });
    // Events of one level arrive in commit order: the stranger's first event is the shared one.
    expect(nexts<LevelEvent>(stranger, ids.stranger).map((e) => e.data?.inventoryLevelChanged.updatedAt)).toEqual([shared.updatedAt]);
    expect(nexts<LevelEvent>(partner, ids.partner).map((e) => e.data?.inventoryLevelChanged.updatedAt)).toEqual(expect.arrayContaining([mine.updatedAt, shared.updatedAt]));
    await waitFor(() => nexts<LevelEvent>(maker, ids.maker).some((e) => e.data?.inventoryLevelChanged.updatedAt === shared.updatedAt), { what: 'the shared event at the maker' });
    expect(nexts<LevelEvent>(maker, ids.maker).map((e) => e.data?.inventoryLevelChanged.updatedAt)).not.toContain(mine.updatedAt);
  });

  it('refuses at subscribe time: anonymous, a role that may not watch stock, a malformed id, a store the partner does not run', async () => {
    const anonymous = await connect(gateway.url);
    sockets.push(anonymous);
    const shopper = await as(user('CUSTOMER'));
    const admin = await as(user('ADMIN'));
    const codeOf = async (socket: Socket, storeId: string) => {
      const first = (await run(socket, LEVEL_CHANGED, { storeId })) as { payload: { errors?: { extensions?: { code?: string } }[] } | { extensions?: { code?: string } }[] };
      const errors = Array.isArray(first.payload) ? first.payload : first.payload.errors;
      return errors?.[0]?.extensions?.code;
    };
    expect(await codeOf(anonymous, store)).toBe('UNAUTHENTICATED');
    expect(await codeOf(shopper, store)).toBe('FORBIDDEN');
    expect(await codeOf(admin, 'not-a-uuid')).toBe('BAD_USER_INPUT');
    const otherPartner = await as(user('PARTNER', otherPartnerOrg));
    expect(await codeOf(otherPartner, store)).toBe('FORBIDDEN');
  });

  it('shares one upstream subscription between subscribers of the same operation, variables and viewer', async () => {
    const viewer = user('ADMIN');
    const [a, b] = [await as(viewer), await as(viewer)];
    const base = stack.listening();
    const ids = [await subscribed(a), await subscribed(b)];
    await waitFor(() => stack.listening() === base + 1, { what: 'one upstream stream for both' });
    await subscribed(a, otherStore); // other variables: a group of its own
    await waitFor(() => stack.listening() === base + 2, { what: 'a second upstream stream' });
    for (const [socket, id] of [[a, ids[0]!], [b, ids[1]!]] as const) socket.ws.send(JSON.stringify({ type: 'complete', id }));
    await waitFor(() => stack.listening() === base + 1, { what: 'the shared stream closed with its last subscriber' });
  });

  it('ends the stream when the access token expires: an UNAUTHENTICATED error, then close 4403', async () => {
    const viewer = user('ADMIN');
    const { token, expiresAt } = await signAccessToken(await testKeys(), viewer, undefined, 2);
    const socket = await connect(gateway.url, { authorization: `Bearer ${token}` });
    sockets.push(socket);
    const id = await subscribed(socket, otherStore);
    await waitFor(() => Date.now() > expiresAt.getTime(), { what: 'token expiry', timeoutMs: 5_000 });
    const closed = await waitFor(
      async () => {
        const result = await Promise.race([socket.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10))]);
        if (result) return result;
        await commitLevelChange(inventory.pool, { storeId: otherStore, productId: product, delta: 1, organizationIds: [] });
        return undefined;
      },
      { what: 'close after expiry', intervalMs: 300 },
    );
    expect(closed.code).toBe(4403);
    expect(nexts<LevelEvent>(socket, id).at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(nexts<LevelEvent>(socket, id).every((e) => !e.data)).toBe(true);
  });

  it('answers a subscription POSTed over HTTP with a 400 and a code', async () => {
    const res = await graphql(gateway.url, LEVEL_CHANGED, { storeId: store }, { authorization: `Bearer ${await accessTokenFor(user('ADMIN'))}` });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});
