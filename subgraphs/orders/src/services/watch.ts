/**
 * Live order updates for subscriptions. Each event is checked against the subscriber with the
 * audience it carries (admins; the shopper; the partner running the store; for `orderUpdated`, the
 * makers of its lines), then the order is read as it is now with fresh loaders, through the same
 * visibility rule as queries: a manufacturer still sees only its lines.
 *
 * The stream is opened before the subscribe-time check (no event is lost while it runs); a
 * refusal closes it.
 */
import { forbidden, unauthenticated, type Viewer } from '@miw/auth';
import { checkedStream, type LiveStream } from '@miw/events';
import type { OrderPayload } from '@miw/contracts';
import { createLoaders, type OrdersContext } from '../context';
import type { OrdersLiveEvents } from '../events/live';
import type { OrderObject } from '../mappers';
import { notFound, storeOfRegion } from './access';
import { findOrder } from './orders';

/** Whether an event's audience includes the viewer. */
function inAudience(viewer: Viewer, { audience }: OrderPayload, organizations: 'store' | 'all', storePartner?: string | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  if (audience.userIds.includes(viewer.userId)) return true;
  if (!viewer.organizationId) return false;
  return organizations === 'all' ? audience.organizationIds.includes(viewer.organizationId) : viewer.organizationId === storePartner;
}


/** The event's order as the subscriber may see it now (fresh loaders per event). */
function freshView(ctx: OrdersContext): (payload: OrderPayload) => Promise<OrderObject | null> {
  return (payload) => {
    ctx.loaders = createLoaders(ctx.db);
    return findOrder(ctx, payload.id);
  };
}

/** Every change of one order the subscriber may see; NOT_FOUND otherwise. */
export function watchOrder(ctx: OrdersContext, live: OrdersLiveEvents, orderId: string): Promise<LiveStream<Promise<OrderObject | null>>> {
  if (!ctx.viewer) throw unauthenticated('Sign in to subscribe');
  const view = freshView(ctx);
  const stream = live.order(orderId, (payload) => (inAudience(ctx.viewer, payload, 'all') ? view(payload) : undefined));
  return checkedStream(stream, async () => {
    if (!(await findOrder(ctx, orderId))) throw notFound('order', 'orderId');
  });
}

/** New and changed orders of a store: the partner running it and admins. */
export function watchStoreOrders(ctx: OrdersContext, live: OrdersLiveEvents, storeId: string): Promise<LiveStream<Promise<OrderObject | null>>> {
  const viewer = ctx.viewer;
  if (!viewer) throw unauthenticated('Sign in to subscribe');
  if (viewer.role !== 'ADMIN' && viewer.role !== 'PARTNER') throw forbidden('Only the store\'s partner and admins watch its orders');
  let partner: string | null = null;
  const view = freshView(ctx);
  const stream = live.store(storeId, (payload) => (inAudience(viewer, payload, 'store', partner) ? view(payload) : undefined));
  return checkedStream(stream, async () => {
    const store = await storeOfRegion(ctx, storeId, 'storeId');
    partner = store.partnerOrganizationId;
    if (viewer.role !== 'ADMIN' && viewer.organizationId !== partner) throw forbidden('Only the partner running this store and admins watch its orders');
  });
}
