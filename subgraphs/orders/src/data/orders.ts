/** Every orders query. Reads take the client; writes take the transaction they belong to. */
import { afterTimeCursor } from '@miw/service-kit';
import type { Order, OrderItem, OrdersReader, OrdersTx, Prisma } from './db';

/** An order line with its order's currency (lines carry none of their own). */
export type PricedOrderItem = OrderItem & { currency: string };

export const findOrders = (db: OrdersReader, ids: readonly string[]): Promise<Order[]> => db.order.findMany({ where: { id: { in: [...ids] } } });

export const findOrder = (db: OrdersReader, id: string): Promise<Order | null> => db.order.findUnique({ where: { id } });

export const getOrder = (db: OrdersReader, id: string): Promise<Order> => db.order.findUniqueOrThrow({ where: { id } });

/** The lines of several orders at once, by SKU. */
export const findOrderItems = (db: OrdersReader, orderIds: readonly string[]): Promise<OrderItem[]> =>
  db.orderItem.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ sku: 'asc' }, { productId: 'asc' }] });

/** One page of orders matching `where`, by (createdAt, id) descending, `limit` rows after the cursor. */
export function listOrders(db: OrdersReader, where: Prisma.OrderWhereInput, limit: number, after?: { createdAt: Date; id: string }): Promise<Order[]> {
  return db.order.findMany({ where: after ? { AND: [where, afterTimeCursor(after, 'desc')] } : where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}

export const countOrders = (db: OrdersReader, where: Prisma.OrderWhereInput): Promise<number> => db.order.count({ where });

/** Locks an order for the rest of the transaction; null when it does not exist. */
export async function lockOrder(tx: OrdersTx, id: string): Promise<Order | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM orders."order" WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length ? tx.order.findUnique({ where: { id } }) : null;
}

export const updateOrder = (tx: OrdersReader, id: string, data: Prisma.OrderUncheckedUpdateInput): Promise<Order> => tx.order.update({ where: { id }, data });

/** Unpaid orders past their deadline. */
export const expiredOrders = (db: OrdersReader, now: Date, limit: number): Promise<Order[]> =>
  db.order.findMany({ where: { status: 'PENDING_PAYMENT', expiresAt: { lt: now } }, orderBy: { expiresAt: 'asc' }, take: limit });

/** Cancelled orders whose reservation is not released yet, or whose payment is not settled yet. */
export const unsettledCancellations = (db: OrdersReader, before: Date, limit: number): Promise<Order[]> =>
  db.order.findMany({
    where: {
      status: 'CANCELLED',
      updatedAt: { lt: before },
      OR: [{ reservationState: 'HELD' }, { payment: { status: { in: ['AUTHORIZED', 'CAPTURED', 'PENDING'] } } }],
    },
    orderBy: { updatedAt: 'asc' },
    take: limit,
  });

export const existingOrderIds = async (db: OrdersReader, ids: readonly string[]): Promise<Set<string>> =>
  new Set((await db.order.findMany({ where: { id: { in: [...ids] } }, select: { id: true } })).map((o) => o.id));
