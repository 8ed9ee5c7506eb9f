/**
 * Notifications of orders (orders.order.v1 of this region): the shopper hears of every step
 * (placed, confirmed, ready for pickup, shipped, fulfilled, cancelled, refunded); the partner
 * running the store of new orders and cancellations. Manufacturers in the audience are never told
 * (they see demand, not customers), and no notification carries the shopper's email or address.
 */
import type { PoolClient } from 'pg';
import type { EventEnvelope, OrderPayload, RegionCode } from '@miw/contracts';
import { orderMessage, type OrderFacts } from '../domain/messages';
import { orderNotification, verbOf } from '../domain/triggers';
import { dispatchNotifications } from './dispatch';
import { organizationMembers, usersById } from './recipients';

export async function notifyOrder(client: PoolClient, region: RegionCode, event: EventEnvelope<OrderPayload>): Promise<number> {
  const o = event.payload;
  const decision = orderNotification(verbOf(event.type), o.previousStatus);
  if (!decision) return 0;
  const { type } = decision;
  const base = {
    type,
    link: { entity: 'ORDER' as const, id: o.id },
    data: { orderId: o.id, storeId: o.storeId, status: o.status, totalAmount: o.totalAmount, currency: o.currency, ...(o.cancelReason ? { cancelReason: o.cancelReason } : {}) },
    sourceEventId: event.eventId,
    correlationId: event.correlationId,
  };
  const facts = (audience: OrderFacts['audience']): OrderFacts => ({ orderId: o.id, totalAmount: o.totalAmount, currency: o.currency, audience, cancelReason: o.cancelReason });
  const shopper = facts('shopper');
  let written = await dispatchNotifications(client, region, await usersById(client, o.audience.userIds), { ...base, message: (locale) => orderMessage(type, shopper, locale) });
  if (decision.tellStore) {
    const store = facts('store');
    const partners = await organizationMembers(client, o.audience.organizationIds, ['PARTNER']);
    written += await dispatchNotifications(client, region, partners, { ...base, message: (locale) => orderMessage(type, store, locale) });
  }
  return written;
}
