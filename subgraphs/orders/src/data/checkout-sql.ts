/**
 * The hot path of checkout in plain SQL on the service's pg pool: one statement reads the cart
 * with everything checkout decides on, one statement writes the order. Checkout is the request a
 * sale waits on; going through the pool directly (not Prisma) keeps it to a few round trips and
 * little CPU (see bench/checkout.ts and docs/performance.md).
 */
import type { Pool } from 'pg';
import type { OutboxMessage, RegionCode } from '@miw/contracts';
import { outboxChannel, outboxInsert } from '@miw/events';
import type { Order, OrderItem, Payment } from './db';

/** A cart line with the facts of its product (null when orders does not know the product). */
export interface CheckoutLine {
  productId: string;
  quantity: number;
  seenUnitPriceAmount: number;
  product: { id: string; sku: string; name: string; priceAmount: number; currency: string; status: string; manufacturerId: string | null; deletedAt: Date | null } | null;
  makerOrganizationId: string | null;
}

/** A cart as checkout sees it: its lines, its store (null when unknown) and the shopper's email. */
export interface CheckoutCart {
  id: string;
  userId: string;
  storeId: string;
  status: 'OPEN' | 'CHECKED_OUT' | 'ABANDONED';
  currency: string | null;
  store: { region: RegionCode; partnerOrganizationId: string | null; deletedAt: Date | null } | null;
  customerEmail: string | null;
  lines: CheckoutLine[];
}

interface LineJson {
  productId: string;
  quantity: number;
  seen: number;
  sku: string | null;
  name: string | null;
  price: number | null;
  currency: string | null;
  status: string | null;
  deletedAt: string | null;
  manufacturerId: string | null;
  makerOrg: string | null;
}

/**
 * Claims the idempotency key for a checkout of the shopper's own cart (the claim names the id the
 * order will get) and reads the cart, its lines with their products and makers, its store and the
 * shopper's email: one statement. `claimed` is false when the key was taken already (or the cart
 * is not the shopper's: then nothing is claimed).
 */
export async function claimAndReadCart(pool: Pool, claim: { userId: string; idempotencyKey: string; orderId: string; cartId: string }): Promise<{ claimed: boolean; cart: CheckoutCart | null }> {
  // Named: parsed and planned once per connection (planning these CTEs costs more than running them).
  const { rows } = await pool.query<{ claimed: boolean; id: string; user_id: string; store_id: string; status: CheckoutCart['status']; currency: string | null; region: RegionCode | null; partner: string | null; store_deleted_at: Date | null; email: string | null; lines: LineJson[] }>({
    name: 'orders.checkout-claim-read',
    text: `WITH claim AS (
       INSERT INTO orders.checkout (user_id, idempotency_key, order_id, cart_id, state, updated_at)
       SELECT $2, $3, $4, $1, 'STARTED', now() WHERE EXISTS (SELECT 1 FROM orders.cart WHERE id = $1 AND user_id = $2)
       ON CONFLICT (user_id, idempotency_key) DO NOTHING
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM claim) AS claimed, c.id, c.user_id, c.store_id, c.status, c.currency, s.region, s.partner_organization_id AS partner, s.deleted_at AS store_deleted_at,
            (SELECT u.email FROM orders.user_projection u WHERE u.id = c.user_id) AS email,
            COALESCE(json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity, 'seen', i.seen_unit_price_amount, 'sku', p.sku, 'name', p.name,
                       'price', p.price_amount, 'currency', p.currency, 'status', p.status, 'deletedAt', p.deleted_at, 'manufacturerId', p.manufacturer_id, 'makerOrg', m.organization_id)
                     ORDER BY i.added_at, i.product_id) FILTER (WHERE i.product_id IS NOT NULL), '[]') AS lines
       FROM orders.cart c
       LEFT JOIN orders.catalog_store s ON s.id = c.store_id
       LEFT JOIN orders.cart_item i ON i.cart_id = c.id
       LEFT JOIN orders.catalog_product p ON p.id = i.product_id
       LEFT JOIN orders.catalog_manufacturer m ON m.id = p.manufacturer_id AND m.deleted_at IS NULL
      WHERE c.id = $1
      GROUP BY c.id, s.id`,
    values: [claim.cartId, claim.userId, claim.idempotencyKey, claim.orderId],
  });
  const row = rows[0];
  if (!row) return { claimed: false, cart: null };
  return { claimed: row.claimed, cart: cartOf(row) };
}

function cartOf(row: { id: string; user_id: string; store_id: string; status: CheckoutCart['status']; currency: string | null; region: RegionCode | null; partner: string | null; store_deleted_at: Date | null; email: string | null; lines: LineJson[] }): CheckoutCart {
  return {
    id: row.id,
    userId: row.user_id,
    storeId: row.store_id,
    status: row.status,
    currency: row.currency,
    store: row.region ? { region: row.region, partnerOrganizationId: row.partner, deletedAt: row.store_deleted_at } : null,
    customerEmail: row.email,
    lines: row.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      seenUnitPriceAmount: l.seen,
      product:
        l.sku === null
          ? null
          : { id: l.productId, sku: l.sku, name: l.name ?? '', priceAmount: l.price ?? 0, currency: l.currency ?? '', status: l.status ?? '', manufacturerId: l.manufacturerId, deletedAt: l.deletedAt ? new Date(l.deletedAt) : null },
      makerOrganizationId: l.makerOrg,
    })),
  };
}

export interface NewOrderRows {
  order: Order;
  items: OrderItem[];
  payment: Payment;
  cartId: string;
  events: OutboxMessage[];
}

/**
 * Writes the order, its lines and payment, closes the cart and completes the claim, with the
 * order's events: ONE statement (so one transaction and one round trip), which writes nothing
 * when the claim is no longer STARTED (the reconciler abandoned it meanwhile): false then.
 */
export async function insertCheckedOutOrder(pool: Pool, { order: o, items, payment: p, cartId, events }: NewOrderRows): Promise<boolean> {
  const outbox = outboxInsert('orders', events, 24);
  const { rows } = await pool.query<{ n: string }>({
    name: 'orders.checkout-write',
    text: `WITH claim AS (
       UPDATE orders.checkout SET state = 'COMPLETED', updated_at = now() WHERE order_id = $1 AND state = 'STARTED' RETURNING order_id
     ), o AS (
       INSERT INTO orders."order" (id, user_id, store_id, partner_organization_id, status, total_amount, currency, payment_provider, reservation_state,
                                   shipping_address, note, expires_at, placed_at, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5::orders."OrderStatus", $6, $7, $8, 'HELD', $9::jsonb, $10, $11, $12, $13, $13 FROM claim RETURNING id
     ), i AS (
       INSERT INTO orders.order_item (order_id, product_id, sku, name, quantity, unit_price_amount, manufacturer_organization_id)
       SELECT o.id, x.product_id, x.sku, x.name, x.quantity, x.price, x.maker
         FROM o, unnest($14::uuid[], $15::text[], $16::text[], $17::int[], $18::int[], $19::uuid[]) AS x(product_id, sku, name, quantity, price, maker)
     ), p AS (
       INSERT INTO orders.payment (id, order_id, provider, status, provider_ref, amount, currency, created_at, updated_at)
       SELECT $20, o.id, $8, $21::orders."PaymentStatus", $22, $6, $7, $13, $13 FROM o
     ), c AS (
       UPDATE orders.cart SET status = 'CHECKED_OUT', updated_at = $13 WHERE id = $23 AND EXISTS (SELECT 1 FROM o)
     ), events AS (
       ${outbox.sql.replace('ORDER BY r.n', 'WHERE EXISTS (SELECT 1 FROM o) ORDER BY r.n')}
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM o) AS n, (SELECT count(*) FROM events) AS e, pg_notify($29, '')`,
    values: [
      o.id, o.userId, o.storeId, o.partnerOrganizationId, o.status, o.totalAmount, o.currency, o.paymentProvider,
      o.shippingAddress === null ? null : JSON.stringify(o.shippingAddress), o.note, o.expiresAt, o.placedAt, o.createdAt,
      items.map((i) => i.productId), items.map((i) => i.sku), items.map((i) => i.name), items.map((i) => i.quantity), items.map((i) => i.unitPriceAmount), items.map((i) => i.manufacturerOrganizationId),
      p.id, p.status, p.providerRef, cartId,
      ...outbox.values, outboxChannel('orders'),
    ],
  });
  return Number(rows[0]!.n) === 1;
}
