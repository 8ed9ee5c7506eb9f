/**
 * End to end: the whole dual-region system started exactly as `npm start` starts it
 * (scripts/start.ts), on the test run's PostgreSQL and Kafka, on free ports.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { accessTokenFor, createTestDatabase, graphql, waitFor, type TestDatabase } from '@miw/testing';
import { isFree } from './support/ports';
import { startSystem, type RunningSystem } from './support/system';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DASHBOARDS, metricsOf } from '../../deploy/grafana/dashboards';
import { prometheusAvailable } from '../../scripts/lib/monitoring';

/** Every metric family the alert rules name, except the exporters' (probe_*, node_*) and `up`. */
function alertMetrics(): string[] {
  const rules = parse(readFileSync(path.join(__dirname, '../../deploy/prometheus/alerts.yml'), 'utf8')) as { groups: { rules: { expr: string }[] }[] };
  return rules.groups.flatMap((g) => g.rules.flatMap((r) => metricsOf(r.expr)));
}

/** The seeded admin (scripts/lib/seed-data.ts). */
const admin = () => accessTokenFor({ kind: 'user', userId: '05e20000-0000-4000-8000-000000000001', role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] });

/** Seeded catalog ids (scripts/lib/seed-catalog.ts). */
const BERLIN_STORE = '5707e000-0000-4000-8000-000000000001';
const LONGJING = '9d000000-0000-4000-8000-000000000001';
const SUBGRAPHS = ['auth', 'catalog', 'inventory', 'orders', 'notify'];

describe('the whole system (npm start) through both gateways', () => {
  let eu: TestDatabase;
  let cn: TestDatabase;
  let running: RunningSystem;
  let system: ChildProcess;
  let base: number;
  let output: string[];
  const mailbox = mkdtempSync(path.join(os.tmpdir(), 'miw-e2e-mail-'));
  /** The development SMTP sink npm start runs (its page and /messages.json). */
  const mailSinkPage = () => `http://127.0.0.1:${base + 98}`;
  let exited: Promise<number | null>;
  const euGateway = () => running.euGateway;
  const cnGateway = () => running.cnGateway;

  beforeAll(async () => {
    [eu, cn] = await Promise.all([createTestDatabase('e2eeu'), createTestDatabase('e2ecn')]);
    // The mail sink's ports follow the port base, which startSystem picks: reserve them by offset.
    running = await startSystem({
      dbs: { eu, cn },
      topicTag: 'e2e',
      extraEnv: { MAILBOX_DIR: mailbox },
      portEnv: (b: number) => ({ MAIL_SINK_SMTP_PORT: String(b + 97), MAIL_SINK_HTTP_PORT: String(b + 98), PROMETHEUS_PORT: String(b + 96) }),
      // Prometheus too when its binary is here (CI installs Debian's prometheus).
      args: ['--monitoring'],
    });
    ({ base, output, exited, process: system } = running);
  }, 240_000);

  afterAll(async () => {
    await running?.stop(1_000);
    await eu?.drop();
    await cn?.drop();
  });

  it('prints one ready line naming both gateways', () => {
    const ready = output.filter((l) => l.startsWith('ready:'));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toContain(`EU gateway http://localhost:${base}/graphql`);
    expect(ready[0]).toContain(`CN gateway http://localhost:${base + 50}/graphql`);
  });

  it('answers /readyz on every service', async () => {
    const ports = [base, base + 50, base + 99, ...SUBGRAPHS.flatMap((_, i) => [base + 1 + i, base + 51 + i])];
    for (const port of ports) {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect({ port, status: res.status }).toEqual({ port, status: 200 });
    }
  });

  it('mirrors a product created through the EU gateway to the CN gateway within 10 s', async () => {
    const created = await graphql<{ createProduct: { product: { id: string }; errors: unknown[] } }>(
      euGateway(),
      `mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } errors { code field message } } }`,
      { i: { sku: 'E2E-SYNC-1', name: 'Jasmine pearls', price: { amount: 2290, currency: 'EUR' }, status: 'ACTIVE' } },
      { authorization: `Bearer ${await admin()}` },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createProduct.errors).toEqual([]);
    const id = created.data!.createProduct.product.id;
    const mirrored = await waitFor(
      async () => (await graphql<{ product: { sku: string; name: string; originRegion: string } | null }>(cnGateway(), `query($id: ID!) { product(id: $id) { sku name originRegion } }`, { id })).data?.product ?? undefined,
      { timeoutMs: 10_000, intervalMs: 100, what: 'the product in CN' },
    );
    expect(mirrored).toEqual({ sku: 'E2E-SYNC-1', name: 'Jasmine pearls', originRegion: 'EU' });
  });

  it('joins catalog and inventory fields in one query through the gateway', async () => {
    const res = await graphql<{ product: { sku: string; manufacturer: { name: string }; inventoryLevels: { available: number; store: { code: string; name: string } }[] } }>(
      euGateway(),
      `{ product(id: "9d000000-0000-4000-8000-000000000001") { sku manufacturer { name } inventoryLevels { available store { code name } } } }`,
      undefined,
      { authorization: `Bearer ${await admin()}` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.product).toEqual({
      sku: 'TEA-LONGJING-100',
      manufacturer: { name: 'Hangzhou Tea Works' },
      inventoryLevels: [{ available: 40, store: { code: 'EU-BER-01', name: 'MadeInWorld Berlin' } }],
    });
    // The same product in CN shows CN stock: transactional data stays in its region.
    const cnRes = await waitFor(
      async () =>
        (
          await graphql<{ product: { inventoryLevels: { available: number; store: { code: string } | null }[] } | null }>(
            cnGateway(),
            `{ product(id: "9d000000-0000-4000-8000-000000000001") { inventoryLevels { available store { code } } } }`,
            undefined,
            { authorization: `Bearer ${await admin()}` },
          )
        ).data?.product ?? undefined,
      { what: 'seeded product in CN' },
    );
    expect(cnRes.inventoryLevels.map((l) => l.available)).toEqual([120]);
  });

  it('delivers a stock change to the partner subscribed through the gateway, with catalog fields, over real Kafka', async () => {
    const partner = await accessTokenFor({ kind: 'user', userId: '05e20000-0000-4000-8000-000000000004', role: 'PARTNER', organizationId: '0b1e0000-0000-4000-8000-000000000003', region: 'eu', scopes: [] });
    const client = createClient({ url: euGateway().replace('http:', 'ws:'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${partner}` }, retryAttempts: 0 });
    const received: { onHand: number; product: { sku: string; name: string } }[] = [];
    const failures: unknown[] = [];
    const stop = client.subscribe<{ inventoryLevelChanged: (typeof received)[number] }>(
      { query: `subscription($s: ID!) { inventoryLevelChanged(storeId: $s) { onHand product { sku name } } }`, variables: { s: BERLIN_STORE } },
      { next: (r) => (r.data ? received.push(r.data.inventoryLevelChanged) : failures.push(r.errors)), error: (e) => failures.push(e), complete: () => undefined },
    );
    try {
      // The stream starts asynchronously: receive one unit at a time until the first event arrives.
      const adjust = async () =>
        graphql<{ adjustInventory: { level: { onHand: number } | null; errors: unknown[] } }>(
          euGateway(),
          `mutation($i: AdjustInventoryInput!) { adjustInventory(input: $i) { level { onHand } errors { code message } } }`,
          { i: { storeId: BERLIN_STORE, productId: LONGJING, delta: 1, reason: 'RECEIVED' } },
          { authorization: `Bearer ${await admin()}` },
        );
      const onHands: number[] = [];
      await waitFor(
        async () => {
          if (failures.length) throw new Error(JSON.stringify(failures));
          if (received.length) return true;
          const res = await adjust();
          expect(res.data?.adjustInventory.errors).toEqual([]);
          onHands.push(res.data!.adjustInventory.level!.onHand);
          return undefined;
        },
        { timeoutMs: 20_000, intervalMs: 500, what: 'a subscription event' },
      );
      expect(received[0]).toEqual({ onHand: expect.any(Number), product: { sku: 'TEA-LONGJING-100', name: 'Longjing green tea, 100 g' } });
      expect(onHands).toContain(received[0]!.onHand);
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('lets a shopper buy at once in a seeded CN store, paying by test card confirmed through the CN gateway\'s webhook', async () => {
    const shopper = await accessTokenFor({ kind: 'user', userId: '05e20000-0000-4000-8000-000000000006', role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] });
    const auth = { authorization: `Bearer ${shopper}` };
    const shanghai = '5707e000-0000-4000-8000-000000000002';
    const longjing = '9d000000-0000-4000-8000-000000000001';
    const add = `mutation($i: AddToCartInput!) { addToCart(input: $i) { cart { id total { amount currency } items { stock { available } } } errors { code } } }`;
    // The store is in CN: the EU gateway names the CN one.
    const wrong = await graphql(euGateway(), add, { i: { storeId: shanghai, productId: longjing, quantity: 1 } }, auth);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'WRONG_REGION', region: 'cn', endpoint: `http://localhost:${base + 50}/graphql` });
    const added = await waitFor(
      async () => {
        const res = await graphql<{ addToCart: { cart: { id: string; total: { amount: number }; items: { stock: { available: number } }[] } | null; errors: unknown[] } }>(cnGateway(), add, { i: { storeId: shanghai, productId: longjing, quantity: 2 } }, auth);
        return res.data?.addToCart.cart ?? undefined;
      },
      { timeoutMs: 30_000, what: 'the catalog to reach CN orders' },
    );
    expect(added).toMatchObject({ total: { amount: 2 * 1890 }, items: [{ stock: { available: 120 } }] });
    const paid = await graphql<{ checkout: { order: { id: string; status: string }; errors: unknown[] } }>(
      cnGateway(),
      `mutation($c: ID!) { checkout(input: { cartId: $c, idempotencyKey: "e2e-first", paymentMethod: { provider: TEST_CARD, token: "4242424242424242" } }) { order { id status } errors { code message } } }`,
      { c: added.id },
      auth,
    );
    expect(paid.data!.checkout).toMatchObject({ errors: [], order: { status: 'PENDING_PAYMENT' } });
    const placed = await waitFor(
      async () => {
        const res = await graphql<{ order: { status: string; payment: { status: string } } }>(cnGateway(), `query($id: ID!) { order(id: $id) { status payment { status } } }`, { id: paid.data!.checkout.order.id }, auth);
        return res.data?.order.status === 'PLACED' ? res.data.order : undefined;
      },
      { timeoutMs: 15_000, what: 'the test-card webhook to place the order' },
    );
    expect(placed.payment.status).toBe('AUTHORIZED');

    // Notify of the CN region tells the shopper and the seeded partner running the store, the
    // partner in Chinese (its locale), in the app and by email through the development SMTP sink.
    const orderId = paid.data!.checkout.order.id;
    const partner = await accessTokenFor({ kind: 'user', userId: '05e20000-0000-4000-8000-000000000005', role: 'PARTNER', organizationId: '0b1e0000-0000-4000-8000-000000000004', region: 'cn', scopes: [] });
    const notificationsOf = async (token: string) => {
      const res = await graphql<{ myNotifications: { edges: { node: { type: string; title: string; locale: string; link: { entity: string; id: string } } }[] } }>(
        cnGateway(),
        `{ myNotifications(type: ORDER_PLACED) { edges { node { type title locale link { entity id } } } } }`,
        undefined,
        { authorization: `Bearer ${token}` },
      );
      return res.data?.myNotifications.edges.map((e) => e.node).filter((n) => n.link?.id === orderId) ?? [];
    };
    const told = await waitFor(async () => ((await notificationsOf(partner)).length > 0 ? notificationsOf(partner) : undefined), { what: 'the partner notified', timeoutMs: 30_000 });
    expect(told).toEqual([expect.objectContaining({ type: 'ORDER_PLACED', locale: 'zh-CN', link: { entity: 'ORDER', id: orderId } })]);
    expect(await notificationsOf(shopper)).toEqual([expect.objectContaining({ type: 'ORDER_PLACED', locale: 'en' })]);
    await waitFor(
      async () => {
        const messages = (await (await fetch(`${mailSinkPage()}/messages.json`)).json()) as { to: string[]; subject: string }[];
        return messages.find((m) => m.to.includes('partner@shanghaimart.dev') && m.subject === told[0]!.title);
      },
      { what: 'the partner\'s email in the sink', timeoutMs: 30_000 },
    );
  });

  it('refuses catalog writes in CN with REGION_READ_ONLY and the EU endpoint', async () => {
    const res = await graphql(cnGateway(), `mutation { createProduct(input: { sku: "CN-X", name: "x", price: { amount: 1, currency: "CNY" } }) { product { id } } }`, undefined, {
      authorization: `Bearer ${await admin()}`,
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'REGION_READ_ONLY', writableEndpoint: `http://localhost:${base}/graphql` });
  });

  it('logs in with a code emailed over SMTP to the development mail sink; the token works in both regions and refreshes', async () => {
    const email = 'partner@berlingoods.dev';
    const requested = await graphql(euGateway(), `mutation { requestLoginCode(input: { email: "${email}" }) { expiresInSeconds } }`);
    expect(requested.errors).toBeUndefined();
    // The notify service delivers the code through Kafka, then SMTP to the sink: wait for the email.
    const code = await waitFor(
      async () => {
        const messages = (await (await fetch(`${mailSinkPage()}/messages.json`)).json()) as { to: string[]; text: string }[];
        const mail = messages.filter((m) => m.to.includes(email)).at(-1);
        return mail ? /login code is (\w+)\./.exec(mail.text)?.[1] : undefined;
      },
      { what: 'the login email', timeoutMs: 15_000 },
    );
    const verified = await graphql<{ verifyLoginCode: { accessToken: string; refreshToken: string; errors: unknown[] } }>(
      euGateway(),
      `mutation($c: String!) { verifyLoginCode(input: { email: "${email}", code: $c }) { accessToken refreshToken errors { code } } }`,
      { c: code },
    );
    const { accessToken, refreshToken, errors } = verified.data!.verifyLoginCode;
    expect(errors).toEqual([]);
    for (const gateway of [euGateway(), cnGateway()]) {
      const me = await graphql<{ me: { email: string; role: string; organization: { name: string } } }>(gateway, `{ me { email role organization { name } } }`, undefined, { authorization: `Bearer ${accessToken}` });
      expect(me.data!.me).toEqual({ email, role: 'PARTNER', organization: { name: 'Berlin Goods GmbH' } });
    }
    const partnerCreates = await graphql(euGateway(), `mutation { createProduct(input: { sku: "P-1", name: "x", price: { amount: 1, currency: "EUR" } }) { product { id } } }`, undefined, {
      authorization: `Bearer ${accessToken}`,
    });
    expect(partnerCreates.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const refreshed = await graphql<{ refreshSession: { accessToken: string } }>(euGateway(), `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`, { t: refreshToken });
    expect(refreshed.data!.refreshSession.accessToken).toEqual(expect.any(String));
    const jwks = (await (await fetch(euGateway().replace('/graphql', '/.well-known/jwks.json'))).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
  });

  it('carries the correlation id and answers bad requests with codes', async () => {
    const res = await graphql(euGateway(), `{ products(first: 1) { totalCount } }`, undefined, { 'x-correlation-id': 'e2e-correlation-0001' });
    expect(res.headers.get('x-correlation-id')).toBe('e2e-correlation-0001');
    const invalid = await graphql(euGateway(), `{ nope }`);
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const big = await fetch(euGateway(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', x: 'y'.repeat(400_000) }) });
    expect(big.status).toBe(413);
    const batched = await fetch(euGateway(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(batched.status).toBe(400);
    const preflight = await fetch(euGateway(), { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes every metric an alert or a dashboard names on some service, and Prometheus scrapes them all', async () => {
    const ports = [base, ...SUBGRAPHS.map((_, i) => base + 1 + i), base + 50, ...SUBGRAPHS.map((_, i) => base + 51 + i), base + 99];
    const families = new Set<string>();
    for (const port of ports) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect({ port, status: res.status }).toEqual({ port, status: 200 });
      for (const match of (await res.text()).matchAll(/^# TYPE (\S+) /gm)) families.add(match[1]!);
    }
    // The exporters' own families (blackbox: certificates, node: disks) and Prometheus's `up` are not ours.
    const named = [...alertMetrics(), ...DASHBOARDS.flatMap((d) => d.rows.flatMap((r) => r.panels.flatMap((p) => p.queries.flatMap((q) => metricsOf(q.expr))))), 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds'];
    const missing = [...new Set(named)].filter((name) => !families.has(name));
    expect(missing).toEqual([]);
    if (!prometheusAvailable()) return process.stderr.write('no prometheus binary: the scrape check is skipped\n') as unknown as void;
    const prometheus = `http://127.0.0.1:${base + 96}`;
    expect(output.find((l) => l.startsWith('ready:'))).toContain(`prometheus ${prometheus}`);
    const targets = await waitFor(
      async () => {
        const body = (await (await fetch(`${prometheus}/api/v1/targets`)).json()) as { data: { activeTargets: { health: string; labels: { job: string } }[] } };
        const active = body.data.activeTargets;
        return active.length === ports.length && active.every((t) => t.health === 'up') ? active : undefined;
      },
      { timeoutMs: 30_000, what: 'every target scraped and up' },
    );
    expect(new Set(targets.map((t) => t.labels.job))).toEqual(new Set(['miw-gateway', ...SUBGRAPHS.map((s) => `miw-${s}`), 'miw-sync-worker']));
    const rules = (await (await fetch(`${prometheus}/api/v1/rules`)).json()) as { data: { groups: { rules: unknown[] }[] } };
    expect(rules.data.groups.flatMap((g) => g.rules).length).toBeGreaterThanOrEqual(12);
  });

  it('stops everything cleanly on SIGINT', async () => {
    system.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), 60_000)))]);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(output).toContain('stopped');
    for (const port of [base, base + 1, base + 50, base + 99]) expect(await isFree(port)).toBe(true);
  }, 90_000);
});
