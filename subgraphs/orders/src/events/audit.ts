/**
 * Audit entries of admins' order actions (`ordersAuditEvents` of @miw/contracts), written in the
 * transaction of the change. `before`/`after` name the order's business fields explicitly; the
 * shopper's email, address and note stay out of the log.
 */
import { adminAuditMessages, ordersAuditEvents, type AuditSource, type OutboxMessage } from '@miw/contracts';
import type { Order } from '../data/db';
import type { OrderAction } from '../domain/order-status';

const orderAuditFields = (o: Order): Record<string, unknown> => ({
  status: o.status,
  storeId: o.storeId,
  partnerOrganizationId: o.partnerOrganizationId,
  totalAmount: o.totalAmount,
  currency: o.currency,
  cancelReason: o.cancelReason,
  reservationState: o.reservationState,
});

/** `order.confirm`, `order.mark_ready`, ...: what the audit log calls an action. */
const actionName = (action: OrderAction) => `order.${action === 'FULFIL' ? 'fulfill' : action.toLowerCase()}`;

/** The audit message of an admin's action on an order (none for other viewers). */
export function orderAudit(source: AuditSource, action: OrderAction, before: Order, after: Order): OutboxMessage[] {
  return adminAuditMessages(ordersAuditEvents, source, { action: actionName(action), targetType: 'Order', targetId: after.id, before: orderAuditFields(before), after: orderAuditFields(after) });
}
