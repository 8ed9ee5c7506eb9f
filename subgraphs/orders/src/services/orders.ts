/**
 * Reading orders: one order, and the four lists (a shopper's, a store's, the region's for admins,
 * a manufacturer's demand). Each list is a Relay connection with `totalCount`, newest first.
 */
import { forbidden } from '@miw/auth';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import type { OrdersContext } from '../context';
import type { Order, OrderItem, Payment, Prisma } from '../data/db';
import { countOrders, listOrders, type PricedOrderItem } from '../data/orders';
import { usersWithEmail } from '../data/projection';
import { inOrderCurrency } from '../domain/money';
import type { OrderStatus } from '../domain/order-status';
import type { OrderObject } from '../mappers';
import { requireUser, storeOfRegion, viewOf } from './access';

export const orderCursor = timeCursor('order');

/** A page of orders with the number of orders matching over all pages. */
export type OrderPage = Connection<OrderObject> & { totalCount: number };

export interface Page {
  size: number;
  after: TimeCursor | undefined;
}

/** One order as the viewer may see it; null when it does not exist or is hidden. */
export async function findOrder(ctx: OrdersContext, id: string): Promise<OrderObject | null> {
  const order = await ctx.loaders.order.load(id);
  if (!order) return null;
  return viewOf(ctx.viewer, order, await ctx.loaders.orderItems.load(order.id));
}

async function page(ctx: OrdersContext, where: Prisma.OrderWhereInput, { size, after }: Page, view: (o: Order) => OrderObject = (o) => o): Promise<OrderPage> {
  const [rows, totalCount] = await Promise.all([size === 0 ? Promise.resolve([]) : listOrders(ctx.db, where, size + 1, after), countOrders(ctx.db, where)]);
  for (const row of rows) ctx.loaders.order.prime(row.id, row);
  return { ...toConnection(rows.map(view), size, orderCursor.encode, Boolean(after)), totalCount };
}

const withStatus = (status: OrderStatus | null | undefined): Prisma.OrderWhereInput => (status ? { status } : {});

export function myOrders(ctx: OrdersContext, status: OrderStatus | null | undefined, p: Page): Promise<OrderPage> {
  return page(ctx, { userId: requireUser(ctx.viewer).userId, ...withStatus(status) }, p);
}

/** A store's orders: the partner running it and admins. */
export async function storeOrders(ctx: OrdersContext, storeId: string, status: OrderStatus | null | undefined, p: Page): Promise<OrderPage> {
  const viewer = requireUser(ctx.viewer);
  const store = await storeOfRegion(ctx, storeId, 'storeId');
  if (viewer.role !== 'ADMIN' && (!viewer.organizationId || viewer.organizationId !== store.partnerOrganizationId)) throw forbidden('Only the partner running this store and admins see its orders');
  return page(ctx, { storeId, ...withStatus(status) }, p);
}

export interface OrdersFilter {
  status?: OrderStatus | null;
  storeId?: string | null;
  customerEmail?: string | null;
  placedFrom?: Date | null;
  placedTo?: Date | null;
}

/** Every order of the region matching the filter: admins (the access rule). */
export async function regionOrders(ctx: OrdersContext, filter: OrdersFilter, p: Page): Promise<OrderPage> {
  const where: Prisma.OrderWhereInput = { ...withStatus(filter.status) };
  if (filter.storeId) where.storeId = filter.storeId;
  if (filter.customerEmail) where.userId = { in: await usersWithEmail(ctx.db, filter.customerEmail) };
  if (filter.placedFrom || filter.placedTo) where.createdAt = { ...(filter.placedFrom ? { gte: filter.placedFrom } : {}), ...(filter.placedTo ? { lt: filter.placedTo } : {}) };
  return page(ctx, where, p);
}

/** Orders with lines of the viewer's (a manufacturer's) products, showing only those lines. */
export function demandOrders(ctx: OrdersContext, status: OrderStatus | null | undefined, p: Page): Promise<OrderPage> {
  const viewer = requireUser(ctx.viewer);
  const organizationId = viewer.organizationId;
  if (!organizationId) throw forbidden('Only manufacturers with an organization see demand');
  return page(ctx, { items: { some: { manufacturerOrganizationId: organizationId } }, ...withStatus(status) }, p, (o) => ({ ...o, makerOrganizationId: organizationId }));
}

/** The lines of an order the viewer may see (a manufacturer: its products only), priced in the order's currency. */
export async function orderLines(ctx: Pick<OrdersContext, 'loaders'>, order: OrderObject): Promise<PricedOrderItem[]> {
  const items: OrderItem[] = await ctx.loaders.orderItems.load(order.id);
  const visible = order.makerOrganizationId ? items.filter((i) => i.manufacturerOrganizationId === order.makerOrganizationId) : items;
  return inOrderCurrency(order, visible);
}

/** The payment of an order; hidden from manufacturers. */
export async function orderPayment(ctx: Pick<OrdersContext, 'loaders'>, order: OrderObject): Promise<Payment | null> {
  if (order.makerOrganizationId) return null;
  return (await ctx.loaders.payment.load(order.id))[0] ?? null;
}
