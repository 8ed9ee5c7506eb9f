/**
 * Fault test 8: region-locked data stays in its region. After a scenario with transactional rows
 * and events in EU (carts, orders, payments, checkouts, stock, notifications; region-local credentials), nothing of it exists in CN, and the sync workers
 * subscribe to catalog and user/organization topics only.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { topicName, type RegionCode } from '@miw/contracts';
import { waitFor } from '@miw/testing';
import { syncRoutes } from '../src/routes';
import { listDeadLetters } from '../src/store';
import { startTwoRegions, type TwoRegions } from './harness';

/** Every table of the region-locked schemas, and the region-local auth tables. */
async function regionLockedCounts(pool: Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ t: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS t FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_name NOT IN ('outbox', 'inbox', '_migrations')
        -- projections of global facts (catalog, users, organizations) are not region-locked data
        AND table_name NOT IN ('catalog_product', 'catalog_store', 'catalog_manufacturer', 'user_projection', 'organization_projection')
        AND (table_schema IN ('orders', 'inventory', 'notify') OR (table_schema = 'auth' AND table_name IN ('login_code', 'refresh_token', 'api_key')))`,
  );
  const counts: Record<string, number> = {};
  for (const { t } of rows) counts[t] = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
  return counts;
}

const ALLOWED = /^(eu|cn)\.(catalog\.(product|manufacturer|category|store)|auth\.(user|organization))\.v1$/;

describe('fault 8: region-locked data never leaves its region', () => {
  let r: TwoRegions;
  beforeAll(async () => (r = await startTwoRegions('lock')));
  afterAll(() => r?.close());

  it('subscribes to global topics only, in both directions', () => {
    for (const [from, to] of [['eu', 'cn'], ['cn', 'eu']] as [RegionCode, RegionCode][]) {
      const topics = syncRoutes(from, to).map((route) => route.topic);
      expect(topics.length).toBeGreaterThan(0);
      for (const t of topics) expect(t).toMatch(ALLOWED);
      expect(topics.every((t) => t.startsWith(`${from}.`))).toBe(true);
    }
    // The CN -> EU direction carries users and organizations only (EU masters the catalog).
    expect(syncRoutes('cn', 'eu').map((route) => route.topic).sort()).toEqual(['cn.auth.organization.v1', 'cn.auth.user.v1']);
  });

  it('leaves no transactional row or credential of EU in CN after a full scenario', async () => {
    const [toCn, toEu] = await Promise.all([r.startWorker('eu', 'cn'), r.startWorker('cn', 'eu')]);
    for (const worker of [toCn, toEu]) for (const t of worker.topics) expect(t.slice(r.prefix.length)).toMatch(ALLOWED);

    // EU: a user, a product, and region-locked rows of every transactional domain.
    const userId = await r.createUser('eu', `locked-${randomUUID()}@example.com`, 'Shopper');
    const productId = await r.createProduct(`LOCK-${randomUUID().slice(0, 8)}`);
    const storeId = randomUUID();
    const eu = r.eu.pool;
    const cart = await eu.query(`INSERT INTO orders.cart (id, user_id, store_id, currency, updated_at) VALUES ($1, $2, $3, 'EUR', now()) RETURNING id`, [randomUUID(), userId, storeId]);
    await eu.query(`INSERT INTO orders.cart_item (cart_id, product_id, quantity, seen_unit_price_amount) VALUES ($1, $2, 1, 500)`, [cart.rows[0].id, productId]);
    const orderId = randomUUID();
    await eu.query(`INSERT INTO orders."order" (id, user_id, store_id, total_amount, currency, payment_provider, expires_at, updated_at) VALUES ($1, $2, $3, 500, 'EUR', 'manual', now(), now())`, [orderId, userId, storeId]);
    await eu.query(`INSERT INTO orders.order_item (order_id, product_id, sku, name, quantity, unit_price_amount) VALUES ($1, $2, 'LOCK', 'Lock', 1, 500)`, [orderId, productId]);
    await eu.query(`INSERT INTO orders.payment (id, order_id, provider, status, amount, currency, updated_at) VALUES ($1, $2, 'manual', 'AUTHORIZED', 500, 'EUR', now())`, [randomUUID(), orderId]);
    await eu.query(`INSERT INTO orders.checkout (user_id, idempotency_key, order_id, cart_id, state, updated_at) VALUES ($1, 'k', $2, $3, 'COMPLETED', now())`, [userId, orderId, cart.rows[0].id]);
    await eu.query(`INSERT INTO orders.payment_webhook_event (provider, event_id) VALUES ('stripe', 'evt_lock')`);
    await eu.query(`INSERT INTO inventory.inventory_level (id, store_id, product_id, on_hand, updated_at) VALUES ($1, $2, $3, 7, now())`, [randomUUID(), storeId, productId]);
    await eu.query(`INSERT INTO notify.notification (id, user_id, type, title, body) VALUES ($1, $2, 'ORDER_PLACED', 'Thanks', 'Your order')`, [randomUUID(), userId]);
    await eu.query(`INSERT INTO auth.api_key (id, user_id, name, prefix, key_hash, scopes) VALUES ($1, $2, 'k', 'miw_x', $3, '{read}')`, [randomUUID(), userId, randomUUID()]);
    await eu.query(`INSERT INTO auth.refresh_token (id, user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, now() + interval '1 day')`, [randomUUID(), userId, randomUUID(), randomUUID()]);

    // Their events reach their own region's topics (as the domains' relays publish them); a
    // region-local event smuggled onto a global topic is refused, not applied.
    const local = (domain: string, entity: string) => ({ topic: topicName('eu', domain, entity, r.prefix), key: userId, value: JSON.stringify({ entity, userId }) });
    await r.producer.send([local('orders', 'Order'), local('orders', 'Cart'), local('inventory', 'InventoryLevel'), local('notify', 'Notification'), local('auth', 'login_code')]);
    const smuggled = { ...r.userEvent('eu', (await r.converged(userId))!, {}), entity: 'LoginCode', type: 'auth.login_code.issued' };
    await r.publish('eu', 'auth', 'User', [smuggled], userId);
    await waitFor(async () => (await listDeadLetters(r.cn.pool)).some((d) => d.eventId === smuggled.eventId), { what: 'smuggled event refused', timeoutMs: 15_000 });

    // Global data arrived; region-locked data did not.
    await waitFor(async () => (await r.cn.pool.query(`SELECT 1 FROM catalog.product WHERE id = $1`, [productId])).rowCount === 1, { what: 'product in CN', timeoutMs: 15_000 });
    const euCounts = await regionLockedCounts(eu);
    expect(Object.values(euCounts).filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
    const cnCounts = await regionLockedCounts(r.cn.pool);
    expect(Object.entries(cnCounts).filter(([, n]) => n > 0)).toEqual([]);
    // Nothing from EU transactional domains went through any worker.
    const inbox = await r.cn.pool.query(`SELECT DISTINCT type FROM auth.inbox UNION SELECT DISTINCT type FROM catalog.inbox`);
    for (const { type } of inbox.rows) expect(type).toMatch(/^(auth\.(user|organization)|catalog\.(product|manufacturer|category|store))\./);
  });
});
