/**
 * Partner webhooks against real PostgreSQL and Kafka, with receivers started by the test: signed
 * deliveries verified with the standardwebhooks package, retries, replays, ownership, limits, the
 * SSRF guard, and an endpoint disabled after failing for 24 hours.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { UserViewer } from '@miw/auth';
import { orderEvents } from '@miw/contracts';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-notify';
import { createTestDatabase, gatewayCaller, graphql, internalHeaders, startTestSubgraph, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import { DEFAULT_RETRY_POLICY } from '../src/domain/webhooks';
import { postWebhook, publicAddresses } from '../src/webhooks/http';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering each request with the next status of `script` (200 once it runs out). */
async function startReceiver(): Promise<{ url: string; received: Received[]; script: number[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(script.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const viewer = (role: UserViewer['role'], organizationId: string | null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });

const ENDPOINT_FIELDS = 'id url eventTypes description enabled disabledReason failingSince createdAt updatedAt';
const CREATE = `mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { secret endpoint { ${ENDPOINT_FIELDS} } errors { code field message } } }`;
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) { webhookDeliveries(endpointId: $id, first: $first, after: $after) { edges { cursor node { id eventType status attempts responseCode lastError nextAttemptAt deliveredAt createdAt payload } } pageInfo { hasNextPage endCursor } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { delivery { id status attempts } errors { code field message } } }`;

type Delivery = { id: string; eventType: string; status: string; attempts: number; responseCode: number | null; lastError: string | null; payload: Record<string, unknown> };

describe('partner webhooks', () => {
  const prefix = testTopicPrefix('hooks');
  const orgA = randomUUID();
  const orgB = randomUUID();
  const partnerA = viewer('PARTNER', orgA);
  const partnerB = viewer('PARTNER', orgB);
  const admin = viewer('ADMIN', null);
  let db: TestDatabase;
  let notify: RunningSubgraph;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  /** Every GraphQL call of the partners goes through a gateway, as their clients' do. */
  let gateway: TestGateway;
  const viaGateway = gatewayCaller(() => gateway.url);
  const call = <D = Record<string, never>>(who: UserViewer | null, query: string, variables?: Record<string, unknown>) => viaGateway<D>(who, query, variables);

  beforeAll(async () => {
    db = await createTestDatabase('hooks');
    receiver = await startReceiver();
    notify = await startTestSubgraph({
      domain: 'notify',
      databaseUrl: db.url,
      topicPrefix: prefix,
      createApp: (deps) => createApp({ ...deps, webhooks: { pollMs: 50, timeoutMs: 2000, retry: { ...DEFAULT_RETRY_POLICY, baseMs: 100, maxMs: 400 } } }),
    });
    gateway = await startTestGateway({ notify: notify.url });
    for (const [org, kind] of [
      [orgA, 'PARTNER'],
      [orgB, 'PARTNER'],
    ]) {
      await notify.pool.query(`INSERT INTO notify.organization_projection (id, name, kind, updated_at) VALUES ($1, $2, $3, now())`, [org, `Org ${kind}`, kind]);
    }
    await notify.pool.query(`INSERT INTO notify.user_projection (id, email, name, locale, role, organization_id, home_region, updated_at) VALUES ($1, 'a@partner.dev', 'Ann', 'en', 'PARTNER', $2, 'eu', now())`, [partnerA.userId, orgA]);
  });
  afterAll(async () => {
    await gateway?.close();
    await notify?.close();
    await receiver?.close();
    await db?.drop();
  });

  /** Publishes an order event whose audience is `organizationIds`; answers its event id. */
  async function publishOrder(verb: 'placed' | 'confirmed', organizationIds: string[]): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    const message = orderEvents.message(verb, {
      entityId: id,
      originRegion: 'eu',
      entityUpdatedAt: now,
      correlationId: 'webhook-test',
      payload: {
        id,
        userId: randomUUID(),
        customerEmail: 'shopper@example.dev',
        storeId: randomUUID(),
        status: verb === 'placed' ? 'PLACED' : 'CONFIRMED',
        previousStatus: null,
        cancelReason: null,
        totalAmount: 1200,
        currency: 'EUR',
        paymentProvider: 'manual',
        paymentStatus: 'PAID',
        shippingAddress: null,
        lines: [],
        expiresAt: null,
        placedAt: now.toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        audience: { userIds: [], organizationIds },
      },
    });
    await notify.bus.producer().send([{ topic: orderEvents.topic('eu', prefix), key: id, value: JSON.stringify(message.envelope) }]);
    return message.eventId;
  }

  async function createEndpoint(who: UserViewer, url: string, eventTypes = ['order.placed']) {
    const res = await call<{ createWebhookEndpoint: { secret: string | null; endpoint: { id: string } | null; errors: { code: string; field: string | null; message: string }[] } }>(who, CREATE, { i: { url, eventTypes, description: 'test' } });
    expect(res.errors).toBeUndefined();
    return res.data!.createWebhookEndpoint;
  }

  const deliveries = async (who: UserViewer, endpointId: string) => {
    const res = await call<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(who, DELIVERIES, { id: endpointId });
    expect(res.errors).toBeUndefined();
    return res.data!.webhookDeliveries.edges.map((e) => e.node);
  };

  let endpointId: string;
  let secret: string;

  it('lists the event types and registers an endpoint whose secret is shown once', async () => {
    const types = await call<{ webhookEventTypes: string[] }>(partnerA, `{ webhookEventTypes }`);
    expect(types.data!.webhookEventTypes).toEqual(expect.arrayContaining(['order.placed', 'stock_request.approved', 'shipment.updated', 'shipment.discrepancy', 'inventory.low_stock']));
    const created = await createEndpoint(partnerA, receiver.url);
    expect(created.errors).toEqual([]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    endpointId = created.endpoint!.id;
    secret = created.secret!;
    const listed = await call<{ webhookEndpoints: { id: string; enabled: boolean }[] }>(partnerA, `{ webhookEndpoints { id enabled } }`);
    expect(listed.data!.webhookEndpoints).toEqual([{ id: endpointId, enabled: true }]);
    const noSecretField = await call(partnerA, `{ webhookEndpoints { id secret } }`);
    expect(noSecretField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('delivers an event signed per Standard Webhooks: the receiver verifies it with the standardwebhooks package', async () => {
    const before = receiver.received.length;
    await publishOrder('placed', [orgA]);
    const got = await waitFor(() => receiver.received[before], { what: 'a delivery', timeoutMs: 20_000 });
    const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({ type: 'order.placed', data: { status: 'PLACED', customerEmail: 'shopper@example.dev' } });
    expect(verified.data).not.toHaveProperty('audience');
    expect(() => new Webhook(`whsec_${Buffer.from('another secret of 24 byte').toString('base64')}`).verify(got.body, got.headers as Record<string, string>)).toThrow();
    const [delivery] = await waitFor(async () => {
      const list = await deliveries(partnerA, endpointId);
      return list[0]?.status === 'SUCCEEDED' ? list : undefined;
    });
    expect(delivery).toMatchObject({ id: got.headers['webhook-id'], eventType: 'order.placed', status: 'SUCCEEDED', attempts: 1, responseCode: 200, lastError: null });
  });

  it('retries a delivery the receiver answered with 500, and succeeds with the same webhook-id', async () => {
    const before = receiver.received.length;
    receiver.script.push(500);
    await publishOrder('placed', [orgA, orgB]);
    await waitFor(() => receiver.received.length >= before + 2, { what: 'the retry', timeoutMs: 20_000 });
    const [first, second] = receiver.received.slice(before);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(() => new Webhook(secret).verify(second!.body, second!.headers as Record<string, string>)).not.toThrow();
    const delivery = await waitFor(async () => (await deliveries(partnerA, endpointId)).find((d) => d.id === first!.headers['webhook-id'] && d.status === 'SUCCEEDED'));
    expect(delivery).toMatchObject({ attempts: 2, responseCode: 200 });
    // The failure started a run of failures; the success ended it.
    const { rows } = await notify.pool.query(`SELECT failing_since FROM notify.webhook_endpoint WHERE id = $1`, [endpointId]);
    expect(rows[0]).toEqual({ failing_since: null });
  });

  it('replays a delivery on request: PENDING again, attempts from zero, the same webhook-id', async () => {
    const [latest] = await deliveries(partnerA, endpointId);
    const before = receiver.received.length;
    const res = await call<{ redeliverWebhook: { delivery: { id: string; status: string; attempts: number }; errors: unknown[] } }>(partnerA, REDELIVER, { id: latest!.id });
    expect(res.data!.redeliverWebhook).toEqual({ delivery: { id: latest!.id, status: 'PENDING', attempts: 0 }, errors: [] });
    const got = await waitFor(() => receiver.received[before], { what: 'the replay' });
    expect(got.headers['webhook-id']).toBe(latest!.id);
    expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
  });

  it('keeps one organization out of another organization\'s endpoints: NOT_FOUND', async () => {
    const list = await call(partnerB, DELIVERIES, { id: endpointId });
    expect(list.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const update = await call<{ updateWebhookEndpoint: { endpoint: null; errors: { code: string }[] } }>(partnerB, `mutation($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) { endpoint { id } errors { code field } } }`, { i: { id: endpointId, url: 'http://127.0.0.1:9/x' } });
    expect(update.data!.updateWebhookEndpoint).toEqual({ endpoint: null, errors: [{ code: 'NOT_FOUND', field: 'input.id' }] });
    for (const mutation of ['rotateWebhookEndpointSecret', 'deleteWebhookEndpoint']) {
      const res = await call<Record<string, { errors: { code: string }[] }>>(partnerB, `mutation($id: ID!) { ${mutation}(id: $id) { endpoint { id } errors { code } } }`, { id: endpointId });
      expect(res.data![mutation]!.errors).toEqual([{ code: 'NOT_FOUND' }]);
    }
    const [latest] = await deliveries(partnerA, endpointId);
    const replay = await call<{ redeliverWebhook: { errors: { code: string }[] } }>(partnerB, REDELIVER, { id: latest!.id });
    expect(replay.data!.redeliverWebhook.errors[0]!.code).toBe('NOT_FOUND');
    const others = await call(partnerB, `query($o: ID) { webhookEndpoints(organizationId: $o) { id } }`, { o: orgA });
    expect(others.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asAdmin = await call<{ webhookEndpoints: { id: string }[] }>(admin, `query($o: ID) { webhookEndpoints(organizationId: $o) { id } }`, { o: orgA });
    expect(asAdmin.data!.webhookEndpoints.map((e) => e.id)).toEqual([endpointId]);
    // Organization B subscribed to nothing: the event with both organizations reached only A.
    const { rows } = await notify.pool.query(`SELECT DISTINCT endpoint_id FROM notify.webhook_delivery`);
    expect(rows).toEqual([{ endpoint_id: endpointId }]);
  });

  it('rotates the secret: later deliveries verify with the new one only', async () => {
    const rotated = await call<{ rotateWebhookEndpointSecret: { secret: string; errors: unknown[] } }>(partnerA, `mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret endpoint { id } errors { code } } }`, { id: endpointId });
    const fresh = rotated.data!.rotateWebhookEndpointSecret.secret;
    expect(fresh).not.toBe(secret);
    const before = receiver.received.length;
    await publishOrder('placed', [orgA]);
    const got = await waitFor(() => receiver.received[before], { what: 'a delivery after rotation', timeoutMs: 20_000 });
    expect(() => new Webhook(fresh).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).toThrow();
    secret = fresh;
  });

  it('answers malformed input with codes: unknown event types, a bad id, a page too large, a forged cursor', async () => {
    const unknown = await createEndpoint(partnerA, receiver.url, ['order.exploded']);
    expect(unknown.errors).toEqual([expect.objectContaining({ code: 'INVALID', field: 'input.eventTypes' })]);
    const none = await createEndpoint(partnerA, receiver.url, []);
    expect(none.errors[0]!.code).toBe('INVALID');
    const badUrl = await createEndpoint(partnerA, 'javascript:alert(1)');
    expect(badUrl.errors[0]).toMatchObject({ code: 'URL_NOT_ALLOWED', field: 'input.url' });
    const badId = await call(partnerA, DELIVERIES, { id: 'nope' });
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endpointId' });
    expect((await call(partnerA, DELIVERIES, { id: endpointId, first: 101 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await call(partnerA, DELIVERIES, { id: endpointId, after: 'forged' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await call(null, `{ webhookEndpoints { id } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await call(viewer('CUSTOMER', null), `{ webhookEndpoints { id } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const adminCreate = await call(admin, CREATE, { i: { url: receiver.url, eventTypes: ['order.placed'] } });
    expect(adminCreate.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('allows at most 10 endpoints per organization', async () => {
    for (let i = 0; i < 10; i++) expect((await createEndpoint(partnerB, `${receiver.url}?n=${i}`, ['order.confirmed'])).errors).toEqual([]);
    const eleventh = await createEndpoint(partnerB, `${receiver.url}?n=11`, ['order.confirmed']);
    expect(eleventh).toMatchObject({ endpoint: null, secret: null, errors: [{ code: 'LIMIT_REACHED' }] });
  });

  it('disables an endpoint that failed for 24 hours, gives up its deliveries and tells its organization', async () => {
    const failing = await startReceiver();
    try {
      failing.script.push(...Array<number>(50).fill(500));
      const { endpoint } = await createEndpoint(partnerA, failing.url, ['order.confirmed']);
      await notify.pool.query(`UPDATE notify.webhook_endpoint SET failing_since = now() - interval '25 hours' WHERE id = $1`, [endpoint!.id]);
      await publishOrder('confirmed', [orgA]);
      const disabled = await waitFor(
        async () => (await notify.pool.query<{ enabled: boolean; disabled_reason: string | null }>(`SELECT enabled, disabled_reason FROM notify.webhook_endpoint WHERE id = $1`, [endpoint!.id])).rows.find((r) => !r.enabled),
        { what: 'the endpoint disabled', timeoutMs: 20_000 },
      );
      expect(disabled.disabled_reason).toContain('failed since');
      const list = await deliveries(partnerA, endpoint!.id);
      expect(list[0]).toMatchObject({ status: 'FAILED', responseCode: 500 });
      const told = await waitFor(async () => (await notify.pool.query(`SELECT user_id, title FROM notify.notification WHERE type = 'WEBHOOK_ENDPOINT_DISABLED'`)).rows[0], { what: 'the notice' });
      expect(told).toEqual({ user_id: partnerA.userId, title: 'Webhook endpoint disabled' });
      const replay = await call<{ redeliverWebhook: { errors: { code: string }[] } }>(partnerA, REDELIVER, { id: list[0]!.id });
      expect(replay.data!.redeliverWebhook.errors[0]!.code).toBe('INVALID');
    } finally {
      await failing.close();
    }
  });

  describe('with the SSRF guard on (as in production)', () => {
    let guardedDb: TestDatabase;
    let guarded: RunningSubgraph;

    beforeAll(async () => {
      guardedDb = await createTestDatabase('hooksguard');
      guarded = await startTestSubgraph({ domain: 'notify', databaseUrl: guardedDb.url, topicPrefix: testTopicPrefix('guard'), createApp: (deps) => createApp({ ...deps, webhooks: { allowPrivate: false, requireHttps: true, pollMs: 50 } }) });
    });
    afterAll(async () => {
      await guarded?.close();
      await guardedDb?.drop();
    });

    it.each([
      'https://10.0.0.1/hooks',
      'https://127.0.0.1/hooks',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      'https://localhost/hooks',
      'https://2130706433/hooks',
      'http://hooks.partner.dev/in',
    ])('refuses %s', async (url) => {
      const res = await graphql<{ createWebhookEndpoint: { endpoint: null; errors: { code: string; field: string }[] } }>(guarded.url, CREATE, { i: { url, eventTypes: ['order.placed'] } }, await internalHeaders(partnerA));
      expect(res.data!.createWebhookEndpoint).toMatchObject({ endpoint: null, errors: [{ code: 'URL_NOT_ALLOWED', field: 'input.url' }] });
    });

    it('refuses a hostname whose DNS answer is a loopback address, at registration and at delivery (DNS rebinding)', async () => {
      await expect(publicAddresses('localhost')).rejects.toThrow(/loopback/);
      const local = await startReceiver();
      try {
        const result = await postWebhook({ url: local.url.replace('127.0.0.1', 'localhost'), messageId: 'msg_1', body: '{}', secret: `whsec_${Buffer.alloc(24).toString('base64')}`, timeoutMs: 2000, allowPrivate: false });
        expect(result).toEqual({ status: null, error: expect.stringContaining('refused') });
        const literal = await postWebhook({ url: local.url, messageId: 'msg_2', body: '{}', secret: `whsec_${Buffer.alloc(24).toString('base64')}`, timeoutMs: 2000, allowPrivate: false });
        expect(literal.error).toContain('refused');
        expect(local.received).toEqual([]);
      } finally {
        await local.close();
      }
    });
  });
});
