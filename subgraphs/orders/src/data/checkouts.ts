/**
 * Checkout idempotency records: claimed (STARTED) before any stock is reserved, so two requests
 * with the same key never both reserve, and a checkout that died leaves a trace the reconciler
 * finds. `orderId` is also the id of the stock reservation in inventory.
 */
import type { Checkout, OrdersDb, OrdersReader } from './db';

export const findCheckout = (db: OrdersReader, userId: string, idempotencyKey: string): Promise<Checkout | null> =>
  db.checkout.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });

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
