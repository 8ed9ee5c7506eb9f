/**
 * Checkout idempotency records: claimed (STARTED) before any stock is reserved, so two requests
 * with the same key never both reserve, and a checkout that died leaves a trace the reconciler
 * finds. `orderId` is also the id of the stock reservation in inventory.
 */
import type { Checkout, OrdersDb, OrdersReader, OrdersTx } from './db';

export const findCheckout = (db: OrdersReader, userId: string, idempotencyKey: string): Promise<Checkout | null> =>
  db.checkout.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });

/** Claims the key; false when another request holds it already. */
export async function claimCheckout(db: OrdersDb, claim: { userId: string; idempotencyKey: string; orderId: string; cartId: string }): Promise<boolean> {
  const inserted = await db.$executeRaw`INSERT INTO orders.checkout (user_id, idempotency_key, order_id, cart_id, state, updated_at)
    VALUES (${claim.userId}::uuid, ${claim.idempotencyKey}, ${claim.orderId}::uuid, ${claim.cartId}::uuid, 'STARTED', now())
    ON CONFLICT (user_id, idempotency_key) DO NOTHING`;
  return inserted === 1;
}

/** Locks a STARTED claim for the transaction creating its order; null when the reconciler abandoned it meanwhile. */
export async function lockStartedCheckout(tx: OrdersTx, orderId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ order_id: string }[]>`SELECT order_id::text FROM orders.checkout WHERE order_id = ${orderId}::uuid AND state = 'STARTED' FOR UPDATE`;
  return rows.length === 1;
}

export const completeCheckout = (tx: OrdersTx, orderId: string): Promise<unknown> => tx.checkout.update({ where: { orderId }, data: { state: 'COMPLETED' } });

/** Frees the key of a checkout refused before anything was reserved (the shopper may retry with it). */
export const releaseClaim = (db: OrdersDb, orderId: string): Promise<unknown> => db.checkout.deleteMany({ where: { orderId, state: 'STARTED' } });

/** Gives up a STARTED claim (its reservation must be released); false when it moved on meanwhile. */
export async function abandonCheckout(db: OrdersDb, orderId: string): Promise<boolean> {
  return (await db.checkout.updateMany({ where: { orderId, state: 'STARTED' }, data: { state: 'ABANDONED' } })).count === 1;
}

/** Claims STARTED before `before`: checkouts that died between claiming and creating their order. */
export const staleCheckouts = (db: OrdersReader, before: Date, limit: number): Promise<Checkout[]> =>
  db.checkout.findMany({ where: { state: 'STARTED', createdAt: { lt: before } }, orderBy: { createdAt: 'asc' }, take: limit });

export const findCheckoutsOfOrders = (db: OrdersReader, orderIds: readonly string[]): Promise<Checkout[]> => db.checkout.findMany({ where: { orderId: { in: [...orderIds] } } });
