/**
 * A partner's machine client subscribed with an API key: the key is re-verified while streaming
 * (through the gateway's cache, 200 ms here instead of 30 s), so revoking it ends the stream with
 * UNAUTHENTICATED and closes the socket with 4403.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { storedApiKeyHash, waitFor } from '@miw/testing';
import { WsCloseCode } from '../src/subscriptions/close-codes';
import { commitLevelChange, projectStore } from './support/inventory-events';
import { startStack, type Stack } from './support/stack';
import { connect, nexts, subscribe, type Socket } from './support/ws';

describe('subscriptions with an API key', () => {
  let stack: Stack;
  let socket: Socket | undefined;
  const partnerOrg = randomUUID();
  const userId = randomUUID();
  const keyId = randomUUID();
  const apiKey = `miw_${randomBytes(30).toString('base64url')}`;
  const store = randomUUID();
  const product = randomUUID();

  beforeAll(async () => {
    stack = await startStack('subsapikey', { withAuth: true, gateway: { apiKeyCacheMs: 200 } });
    const q = (sql: string, values: unknown[]) => stack.auth!.pool.query(sql, values);
    await q(`INSERT INTO auth.organization (id, name, kind, origin_region, updated_at) VALUES ($1, 'Berlin Goods', 'PARTNER', 'eu', now())`, [partnerOrg]);
    await q(`INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at) VALUES ($1, 'sync@berlin.dev', 'Sync', 'PARTNER', $2, 'eu', 'eu', now())`, [userId, partnerOrg]);
    await q(`INSERT INTO auth.api_key (id, user_id, name, prefix, key_hash, scopes) VALUES ($1, $2, 'stock sync', $3, $4, '{read}')`, [keyId, userId, apiKey.slice(0, 10), storedApiKeyHash(apiKey)]);
    await stack.catalog.pool.query(`INSERT INTO catalog.product (id, sku, name, price_amount, currency, status, origin_region, updated_at) VALUES ($1, 'KEY-1', 'K', 100, 'EUR', 'ACTIVE', 'eu', now())`, [product]);
    await projectStore(stack.inventories[0]!.pool, { id: store, partnerOrganizationId: partnerOrg });
  });
  afterAll(async () => {
    socket?.ws.terminate();
    await stack?.close();
  });

  it('streams to the key while it is valid, and stops with 4403 once it is revoked', async () => {
    socket = await connect(stack.gateways[0]!.url, { authorization: `ApiKey ${apiKey}` });
    const before = stack.listening();
    const id = await subscribe(socket, `subscription($s: ID!) { inventoryLevelChanged(storeId: $s) { onHand product { sku } } }`, { s: store });
    await waitFor(() => stack.listening() > before, { what: 'the upstream subscription' });
    const change = () => commitLevelChange(stack.inventories[0]!.pool, { storeId: store, productId: product, delta: 1, organizationIds: [partnerOrg] });
    await change();
    await waitFor(() => nexts(socket!, id).length === 1, { what: 'an event for the key' });
    expect(nexts(socket, id)[0]).toEqual({ data: { inventoryLevelChanged: { onHand: 1, product: { sku: 'KEY-1' } } } });

    await stack.auth!.pool.query(`UPDATE auth.api_key SET revoked_at = now() WHERE id = $1`, [keyId]);
    const open = socket;
    const closed = await waitFor(
      async () => {
        const result = await Promise.race([open.closed, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10))]);
        return result ?? (await change(), undefined);
      },
      { what: 'the stream to stop after revocation', intervalMs: 300 },
    );
    expect(closed.code).toBe(WsCloseCode.Forbidden);
    const after = nexts<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>(socket, id).slice(1);
    expect(after.map((e) => e.errors?.[0]?.extensions?.code ?? 'data')).toEqual(expect.arrayContaining(['UNAUTHENTICATED']));
    expect(after.at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
