/**
 * Who may see and change which order or cart, and the region lock of stores. Pure decisions live
 * in domain/order-status.ts; this file reads what they need (store facts, order lines).
 */
import { forbidden, unauthenticated, type UserViewer, type Viewer } from '@miw/auth';
import { ErrorCode } from '@miw/contracts';
import { GraphQLError } from 'graphql';
import type { OrdersContext } from '../context';
import type { CatalogStore, Order, OrderItem } from '../data/db';
import { findStoreFact } from '../data/projection';
import type { Actor } from '../domain/order-status';
import type { OrderObject } from '../mappers';

export const notFound = (what: string, field?: string): GraphQLError =>
  new GraphQLError(`No ${what} you may see has this id`, { extensions: { code: ErrorCode.NOT_FOUND, ...(field ? { field } : {}) } });

export function requireUser(viewer: Viewer): UserViewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

/**
 * The store, which must be a known, open store of this region: another region's store answers
 * WRONG_REGION naming that region's gateway (carts and orders live in the region of their store).
 */
export async function storeOfRegion(ctx: Pick<OrdersContext, 'db' | 'region' | 'commerce'>, storeId: string, field: string): Promise<CatalogStore> {
  return requireStoreOfRegion(ctx, await findStoreFact(ctx.db, storeId), field);
}

/** `storeOfRegion` on a store fact already read (null: unknown store). */
export function requireStoreOfRegion<S extends Pick<CatalogStore, 'region' | 'deletedAt'>>(ctx: Pick<OrdersContext, 'region' | 'commerce'>, store: S | null, field: string): S {
  if (!store || store.deletedAt) throw notFound('store', field);
  if (store.region !== ctx.region) {
    const endpoint = ctx.commerce.endpoints[store.region];
    throw new GraphQLError(`This store is in the ${store.region.toUpperCase()} region: its carts and orders live there${endpoint ? ` (${endpoint})` : ''}`, {
      extensions: { code: ErrorCode.WRONG_REGION, field, region: store.region, ...(endpoint ? { endpoint } : {}) },
    });
  }
  return store;
}

/** The role the viewer acts in on this order, or null when it has none (a manufacturer only reads). */
function actorOn(viewer: Viewer, order: Pick<Order, 'userId' | 'partnerOrganizationId'>): Actor | null {
  if (!viewer) return null;
  if (viewer.role === 'ADMIN') return 'ADMIN';
  if (viewer.role === 'PARTNER' && viewer.organizationId && viewer.organizationId === order.partnerOrganizationId) return 'PARTNER';
  if (viewer.userId === order.userId) return 'SHOPPER';
  return null;
}

/**
 * The order as the viewer may see it, or null: its shopper, the partner running its store and
 * admins see it whole; a manufacturer with lines in it sees those lines only.
 */
export function viewOf(viewer: Viewer, order: Order, items: readonly Pick<OrderItem, 'manufacturerOrganizationId'>[]): OrderObject | null {
  if (actorOn(viewer, order)) return order;
  const maker = viewer?.role === 'MANUFACTURER' ? viewer.organizationId : null;
  if (maker && items.some((i) => i.manufacturerOrganizationId === maker)) return { ...order, makerOrganizationId: maker };
  return null;
}

/** The order the viewer acts on (FORBIDDEN for a reader without a role on it, NOT_FOUND when hidden). */
export async function orderToChange(ctx: OrdersContext, orderId: string): Promise<{ order: Order; actor: Actor }> {
  const order = await ctx.loaders.order.load(orderId);
  if (!order) throw notFound('order', 'input.orderId');
  const actor = actorOn(ctx.viewer, order);
  if (!actor) {
    const visible = viewOf(ctx.viewer, order, await ctx.loaders.orderItems.load(order.id));
    if (visible) throw forbidden('Manufacturers see orders for demand but cannot change them');
    throw notFound('order', 'input.orderId');
  }
  return { order, actor };
}
