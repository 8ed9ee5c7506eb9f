/**
 * Every change of an order after checkout: payment outcomes, the store's steps, fulfilment (the
 * reservation becomes a sale), cancellation (the reservation is released; an authorization is
 * voided, a captured payment refunded). Each change is one transaction that locks the order, asks
 * the state machine (domain/order-status.ts) and writes the order event to the outbox.
 *
 * Calls to inventory and to payment providers are idempotent (keyed by order and payment id), so
 * a step that failed half-way is simply taken again: by the caller, or by the reconciler, which
 * settles every cancelled order whose stock or payment is not settled yet.
 */
import { orderTransitions } from '../metrics';
import { forbidden } from '@miw/auth';
import { ErrorCode, type AuditViewer } from '@miw/contracts';
import { GraphQLError } from 'graphql';
import type { Commerce } from '../context';
import { transaction, type Order, type OrdersDb, type OrdersTx, type Payment, type Prisma } from '../data/db';
import { findOrderItems, getOrder, lockOrder, updateOrder } from '../data/orders';
import { findPaymentOfOrder, updatePayment } from '../data/payments';
import { emailOf } from '../data/projection';
import { decide, type Actor, type CancelReason, type OrderAction } from '../domain/order-status';
import { fail } from '../domain/failure';
import { orderAudit } from '../events/audit';
import { orderChanged } from '../events/order-events';
import type { Logger } from '@miw/logging';
import type { RegionCode } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import type { PaymentProvider } from '../payments';

/** What a change needs when no request is behind it (webhooks, the reconciler). */
export interface SystemContext {
  db: OrdersDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  commerce: Commerce;
  /** The person acting, when a request is behind the change (admins' actions are audited). */
  viewer?: AuditViewer | null;
}

/**
 * Writes the event of an order change (the order as it is now in `tx`) and, when the change is an
 * admin's own action (not what the system does after it, such as a refund), its audit entry.
 */
async function recordOrderChange(tx: OrdersTx, ctx: Pick<SystemContext, 'region' | 'correlationId' | 'viewer'>, before: Order, order: Order, audited: { action: OrderAction; actor: Actor }): Promise<void> {
  const [items, payment, customerEmail] = await Promise.all([findOrderItems(tx, [order.id]), findPaymentOfOrder(tx, order.id), emailOf(tx, order.userId)]);
  const audit = audited.actor === 'ADMIN' ? orderAudit({ viewer: ctx.viewer ?? null, region: ctx.region, correlationId: ctx.correlationId }, audited.action, before, order) : [];
  await writeOutbox(tx, 'orders', [orderChanged(ctx, { order, items, payment: payment ?? { provider: order.paymentProvider, status: 'PENDING' }, customerEmail, previousStatus: before.status }), ...audit]);
}

/**
 * Takes `action` on the order as `actor` in one transaction: refusals are payload errors
 * (INVALID_TRANSITION with the current status) or FORBIDDEN; `change` adds the action's own
 * writes (payment, timestamps) and may refuse too.
 */
export async function transition(
  ctx: SystemContext,
  orderId: string,
  action: OrderAction,
  actor: Actor,
  change: (tx: OrdersTx, order: Order) => Promise<Prisma.OrderUncheckedUpdateInput> = async () => ({}),
): Promise<Order> {
  const result = await transaction(ctx.db, async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order) throw new GraphQLError('No order has this id', { extensions: { code: ErrorCode.NOT_FOUND, field: 'input.orderId' } });
    const decision = decide(order.status, action, actor);
    if (!decision.ok) {
      if (decision.refusal === 'FORBIDDEN') throw forbidden(`${actor.toLowerCase()}s may not ${action.toLowerCase().replace('_', ' ')} an order`);
      return fail('INVALID_TRANSITION', 'input.orderId', `An order in status ${decision.currentStatus} cannot be ${action.toLowerCase().replace('_', ' ')}ed`, { currentStatus: decision.currentStatus });
    }
    const updated = await updateOrder(tx, order.id, { ...(await change(tx, order)), status: decision.to });
    await recordOrderChange(tx, ctx, order, updated, { action, actor });
    return updated;
  });
  // Counted once committed (a refusal answers a payload error, not an order).
  if ('status' in result && typeof result.status === 'string') orderTransitions.inc({ status: result.status });
  return result;
}

/** The provider of a payment; an unknown one (disabled since) is an infrastructure failure. */
function providerOf(commerce: Commerce, payment: Pick<Payment, 'provider'>): PaymentProvider {
  const provider = commerce.payments.get(payment.provider);
  if (!provider) throw new GraphQLError(`Payment provider ${payment.provider} is not enabled`, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });
  return provider;
}

/** The payment of an order (every order has one). */
async function paymentOf(db: OrdersDb | OrdersTx, orderId: string): Promise<Payment> {
  const payment = await findPaymentOfOrder(db, orderId);
  if (!payment) throw new Error(`order ${orderId} has no payment`);
  return payment;
}

/** The store accepts a PLACED order; a card payment is captured first (the charge happens when the store commits). */
export async function confirmOrder(ctx: SystemContext, orderId: string, actor: Actor): Promise<Order> {
  const payment = await paymentOf(ctx.db, orderId);
  const order = await getOrder(ctx.db, orderId);
  const decision = decide(order.status, 'CONFIRM', actor);
  if (decision.ok && payment.status === 'AUTHORIZED' && payment.provider !== 'manual') {
    await providerOf(ctx.commerce, payment).capture({ providerRef: payment.providerRef!, amount: payment.amount, currency: payment.currency, idempotencyKey: `capture-${payment.id}` });
  }
  return transition(ctx, orderId, 'CONFIRM', actor, async (tx) => {
    if (payment.status === 'AUTHORIZED' && payment.provider !== 'manual') await updatePayment(tx, payment.id, { status: 'CAPTURED' });
    return {};
  });
}

/** Hands the order over: inventory turns the reservation into a sale; a manual payment is captured. */
export async function fulfillOrder(ctx: SystemContext, orderId: string, actor: Actor): Promise<Order> {
  return transition(ctx, orderId, 'FULFIL', actor, async (tx, order) => {
    const sold = await ctx.commerce.reservations.sell(order.id, ctx.correlationId);
    if (sold.conflict) throw new Error(`reservation of order ${order.id} is ${sold.reservation.status}: cannot sell it`);
    const payment = await paymentOf(tx, order.id);
    if (payment.status === 'AUTHORIZED') {
      await providerOf(ctx.commerce, payment).capture({ providerRef: payment.providerRef!, amount: payment.amount, currency: payment.currency, idempotencyKey: `capture-${payment.id}` });
      await updatePayment(tx, payment.id, { status: 'CAPTURED' });
    }
    return { reservationState: 'SOLD' };
  });
}

/** Cancels the order (refusals as payload errors), then settles its stock and payment. */
export async function cancelOrder(ctx: SystemContext, orderId: string, actor: Actor, reason: CancelReason, note: string | null): Promise<Order> {
  await transition(ctx, orderId, 'CANCEL', actor, async () => ({ cancelReason: reason, cancelNote: note }));
  return settleCancellation(ctx, orderId);
}

/**
 * Finishes a cancellation: releases the reservation, voids an authorization, refunds a captured
 * payment (then the order is REFUNDED). Every step is idempotent; what fails is left for the
 * reconciler, which calls this again.
 */
export async function settleCancellation(ctx: SystemContext, orderId: string): Promise<Order> {
  let order = await getOrder(ctx.db, orderId);
  if (order.reservationState === 'HELD') {
    const released = await ctx.commerce.reservations.release(order.id, `order ${order.cancelReason ?? 'CANCELLED'}`, ctx.correlationId);
    if (released.conflict) ctx.logger.error({ orderId }, 'a cancelled order\'s reservation was sold: left as is');
    else order = await updateOrder(ctx.db, orderId, { reservationState: 'RELEASED' });
  }
  const payment = await paymentOf(ctx.db, orderId);
  if (payment.status === 'PENDING' || payment.status === 'AUTHORIZED') {
    if (payment.providerRef) await providerOf(ctx.commerce, payment).cancel({ providerRef: payment.providerRef, idempotencyKey: `void-${payment.id}` });
    await updatePayment(ctx.db, payment.id, { status: 'VOIDED' });
  } else if (payment.status === 'CAPTURED') {
    const { refundRef } = await providerOf(ctx.commerce, payment).refund({ providerRef: payment.providerRef!, amount: payment.amount, currency: payment.currency, idempotencyKey: `refund-${payment.id}` });
    order = await transition(ctx, orderId, 'REFUND', 'SYSTEM', async (tx) => {
      await updatePayment(tx, payment.id, { status: 'REFUNDED', refundRef });
      return {};
    });
  }
  return order;
}

/** The payment was authorized: a PENDING_PAYMENT order is PLACED; a late authorization of a cancelled order is voided. */
export async function paymentAuthorized(ctx: SystemContext, payment: Payment, providerRef: string): Promise<void> {
  const order = await getOrder(ctx.db, payment.orderId);
  if (order.status !== 'PENDING_PAYMENT') {
    if (order.status === 'CANCELLED') {
      await updatePayment(ctx.db, payment.id, { status: 'AUTHORIZED', providerRef });
      await settleCancellation(ctx, order.id);
    }
    return;
  }
  await transition(ctx, order.id, 'PAY', 'SYSTEM', async (tx) => {
    await updatePayment(tx, payment.id, { status: 'AUTHORIZED', providerRef });
    return { placedAt: new Date() };
  });
}

/** The payment was declined: the order is cancelled (PAYMENT_DECLINED) and its reservation released. */
export async function paymentDeclined(ctx: SystemContext, payment: Payment, reason: string): Promise<Order> {
  await updatePayment(ctx.db, payment.id, { status: 'DECLINED', declineReason: reason.slice(0, 500) });
  const order = await getOrder(ctx.db, payment.orderId);
  if (order.status !== 'PENDING_PAYMENT') return order;
  await transition(ctx, order.id, 'CANCEL', 'SYSTEM', async () => ({ cancelReason: 'PAYMENT_DECLINED', cancelNote: reason.slice(0, 500) }));
  return settleCancellation(ctx, order.id);
}


