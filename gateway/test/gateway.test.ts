import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as catalogApp } from '@miw/subgraph-catalog';
import { createApp as inventoryApp } from '@miw/subgraph-inventory';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { SignJWT, base64url } from 'jose';
import type { UserViewer } from '@miw/auth';
import { accessTokenFor, createTestDatabase, graphql, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

const ADMIN: UserViewer = { kind: 'user', userId: '05e20000-0000-4000-8000-000000000001', role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };

describe('gateway over real subgraphs (in-process)', () => {
  let db: TestDatabase;
  let catalog: RunningSubgraph;
  let inventory: RunningSubgraph;
  let gateway: TestGateway;
  const seen: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('gateway');
    catalog = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp: catalogApp });
    inventory = await startTestSubgraph({
      domain: 'inventory',
      databaseUrl: db.url,
      createApp: (deps) => {
        const app = inventoryApp(deps);
        return { ...app, context: (info) => (seen.push(info.correlationId), app.context(info)) };
      },
    });
    gateway = await startTestGateway({ catalog: catalog.url, inventory: inventory.url });
  });
  afterAll(async () => {
    await gateway?.close();
    await catalog?.close();
    await inventory?.close();
    await db?.drop();
  });

  it('answers the full introspection query that Apollo Sandbox and codegen send', async () => {
    const res = await graphql<IntrospectionQuery>(gateway.url, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(res.errors).toBeUndefined();
    const schema = buildClientSchema(res.data!);
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['products', 'stores', 'me']));
    expect(Object.keys(schema.getSubscriptionType()!.getFields())).toEqual(expect.arrayContaining(['inventoryLevelChanged', 'shipmentUpdated']));
  });

  it('plans across subgraphs and forwards the correlation id to each of them', async () => {
    const created = await graphql<{ createProduct: { product: { id: string } } }>(
      gateway.url,
      `mutation { createProduct(input: { sku: "GW-1", name: "Gateway tea", price: { amount: 990, currency: "EUR" }, status: ACTIVE }) { product { id } } }`,
      undefined,
      { authorization: `Bearer ${await accessTokenFor(ADMIN)}` },
    );
    const id = created.data!.createProduct.product.id;
    const storeId = '5707e000-0000-4000-8000-0000000000aa';
    await inventory.pool.query(
      `INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, reserved, updated_at) VALUES (gen_random_uuid(), $1, $2, 9, 2, now())`,
      [storeId, id],
    );
    const res = await graphql<{ products: { edges: { node: { sku: string; price: { amount: number }; inventoryLevels: { available: number }[] } }[] } }>(
      gateway.url,
      `{ products(first: 10) { edges { node { sku price { amount } inventoryLevels { available } } } } }`,
      undefined,
      { 'x-correlation-id': 'gateway-test-0001', authorization: `Bearer ${await accessTokenFor(ADMIN)}` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.products.edges).toEqual([{ node: { sku: 'GW-1', price: { amount: 990 }, inventoryLevels: [{ available: 7 }] } }]);
    expect(res.headers.get('x-correlation-id')).toBe('gateway-test-0001');
    expect(seen).toContain('gateway-test-0001');
  });

  it('verifies the access token once and passes the viewer to subgraphs (anonymous when none)', async () => {
    const mutation = `mutation { createProduct(input: { sku: "GW-2", name: "x", price: { amount: 1, currency: "EUR" } }) { product { sku } } }`;
    const anonymous = await graphql(gateway.url, mutation);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const partner = await graphql(gateway.url, mutation, undefined, { authorization: `Bearer ${await accessTokenFor({ ...ADMIN, role: 'PARTNER' })}` });
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers 401 UNAUTHENTICATED to forged, expired and malformed credentials before executing anything', async () => {
    const good = await accessTokenFor(ADMIN);
    const [h, p] = good.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const keys = await testKeys();
    const bad = [
      `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${p}.`,
      `Bearer ${h}.${enc({ ...payload, role: 'ADMIN', sub: 'someone-else' })}.${good.split('.')[2]}`,
      `Bearer ${await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: keys.signing!.kid }).sign(new TextEncoder().encode('guess'))}`,
      `Bearer ${await new SignJWT({ ...payload, exp: Math.floor(Date.now() / 1000) - 5 }).setProtectedHeader({ alg: 'ES256', kid: keys.signing!.kid }).sign(keys.signing!.key)}`,
      `Bearer ${await new SignJWT({ ...payload, aud: 'other' }).setProtectedHeader({ alg: 'ES256', kid: keys.signing!.kid }).sign(keys.signing!.key)}`,
      `Bearer ${await new SignJWT({ ...payload, iss: 'https://evil.example' }).setProtectedHeader({ alg: 'ES256', kid: keys.signing!.kid }).sign(keys.signing!.key)}`,
      'Basic YWRtaW46YWRtaW4=',
      'Bearer',
      `Bearer ${'a'.repeat(5000)}.b.c`,
    ];
    for (const authorization of bad) {
      const res = await graphql(gateway.url, `{ products { totalCount } }`, undefined, { authorization });
      expect({ authorization: authorization.slice(0, 40), status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({ authorization: authorization.slice(0, 40), status: 401, code: 'UNAUTHENTICATED' });
      expect(res.data).toBeUndefined();
    }
  });

  it('publishes the public JWKS', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/.well-known/jwks.json'));
    const jwks = (await res.json()) as { keys: { kid: string; d?: string; alg: string }[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys.every((k) => k.alg === 'ES256' && k.d === undefined)).toBe(true);
  });

  it('shows a partner the stock of its own stores only (owner read from the catalog through @requires)', async () => {
    const anonymous = await graphql<{ products: { edges: { node: { inventoryLevels: unknown } }[] } }>(gateway.url, `{ products(first: 10) { edges { node { sku inventoryLevels { available } } } } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(anonymous.data!.products.edges.every((e) => e.node.inventoryLevels === null)).toBe(true);

    const partnerOrg = '0b1e0000-0000-4000-8000-0000000000aa';
    const mine = '5707e000-0000-4000-8000-0000000000b1';
    const theirs = '5707e000-0000-4000-8000-0000000000b2';
    for (const [id, org] of [[mine, partnerOrg], [theirs, '0b1e0000-0000-4000-8000-0000000000bb']] as const) {
      await catalog.pool.query(`INSERT INTO catalog.store (id, code, name, region, address, partner_organization_id, origin_region, updated_at) VALUES ($1, $2, 'S', 'eu', '{}', $3, 'eu', now())`, [id, `S-${id.slice(-2)}`, org]);
    }
    const res = await graphql<{ stores: { code: string; inventoryLevels: unknown[] | null }[] }>(gateway.url, `{ stores { code inventoryLevels { onHand } } }`, undefined, {
      authorization: `Bearer ${await accessTokenFor({ ...ADMIN, role: 'PARTNER', organizationId: partnerOrg })}`,
    });
    const byCode = Object.fromEntries(res.data!.stores.map((s) => [s.code, s.inventoryLevels]));
    expect(byCode['S-b1']).toEqual([]);
    expect(byCode['S-b2']).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('reports unready while a subgraph is down, with the subgraph named', async () => {
    const res = await fetch(gateway.url.replace('/graphql', '/readyz'));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: Record<string, string> };
    expect(body.checks.catalog).toBe('ok');
    expect(body.checks.inventory).toBe('ok');
    expect(body.checks.auth).not.toBe('ok');
  });

  it('serves Apollo Sandbox in development only', async () => {
    const res = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('sandbox');
  });
});
