/**
 * Order events (`orderEvents` of @miw/contracts, `<region>.orders.order.v1`), built field by field
 * from the order, its lines and its payment, and written to the outbox in the transaction of the
 * change. The audience names who may see the event besides the region's admins: the shopper, the
 * partner running the store and the makers of the lines.
 */
import { iso, isoOrNull, orderEvents, type OrderStatusName, type OutboxMessage, type RegionCode } from '@miw/contracts';
import type { Order, OrderItem, Payment } from '../data/db';
import { verbOf } from '../domain/order-status';

export interface OrderEventSource {
  order: Order;
  items: readonly OrderItem[];
  payment: Pick<Payment, 'provider' | 'status'>;
  customerEmail: string | null;
  /** The status before the change; null for a new order. */
  previousStatus: OrderStatusName | null;
}

interface EventContext {
  region: RegionCode;
  correlationId: string;
}

/** Who may see an order besides admins. */
function orderAudience(order: Pick<Order, 'userId' | 'partnerOrganizationId'>, items: readonly Pick<OrderItem, 'manufacturerOrganizationId'>[]): { userIds: string[]; organizationIds: string[] } {
  const organizations = new Set<string>();
  if (order.partnerOrganizationId) organizations.add(order.partnerOrganizationId);
  for (const item of items) if (item.manufacturerOrganizationId) organizations.add(item.manufacturerOrganizationId);
  return { userIds: [order.userId], organizationIds: [...organizations] };
}

/**
 * The outbox message of an order change: its verb follows the new status (`created` for a new
 * order waiting for its payment; an order paid at once is announced by one `placed` event whose
 * previousStatus is null).
 */
export function orderChanged(ctx: EventContext, { order, items, payment, customerEmail, previousStatus }: OrderEventSource): OutboxMessage {
  const verb = previousStatus === null && order.status === 'PENDING_PAYMENT' ? 'created' : verbOf(order.status);
  return orderEvents.message(verb, {
    entityId: order.id,
    originRegion: ctx.region,
    entityUpdatedAt: order.updatedAt,
    correlationId: ctx.correlationId,
    payload: {
      id: order.id,
      userId: order.userId,
      customerEmail,
      storeId: order.storeId,
      status: order.status,
      previousStatus,
      cancelReason: order.cancelReason,
      totalAmount: order.totalAmount,
      currency: order.currency,
      paymentProvider: payment.provider,
      paymentStatus: payment.status,
      shippingAddress: order.shippingAddress && typeof order.shippingAddress === 'object' && !Array.isArray(order.shippingAddress) ? { ...order.shippingAddress } : null,
      lines: items.map((i) => ({ productId: i.productId, sku: i.sku, name: i.name, quantity: i.quantity, unitPriceAmount: i.unitPriceAmount, manufacturerOrganizationId: i.manufacturerOrganizationId })),
      expiresAt: order.status === 'PENDING_PAYMENT' ? iso(order.expiresAt) : null,
      placedAt: isoOrNull(order.placedAt),
      createdAt: iso(order.createdAt),
      updatedAt: iso(order.updatedAt),
      audience: orderAudience(order, items),
    },
  });
}
