/**
 * Payment webhooks: a provider's verified event applied to its payment and order, once. Effects
 * are idempotent by state (a PLACED order is not placed again, a cancelled one not cancelled
 * again), and the delivery id is recorded after its effect: a replay is recognised and skipped,
 * and a delivery whose effect failed half-way is applied in full when the provider sends it
 * again. An event naming a payment not known yet (the webhook outran the answer of `authorize`)
 * fails, and the provider delivers it again later.
 */
import { findPaymentByRef, recordWebhook, webhookSeen } from '../data/payments';
import { OrderFailure } from '../domain/failure';
import type { PaymentProviderCode, PaymentWebhookEvent } from '../payments';
import { paymentAuthorized, paymentDeclined, type SystemContext } from './lifecycle';

class UnknownPaymentError extends Error {}

/** Runs an effect; a transition refused because a concurrent delivery already made it counts as done. */
async function idempotently(effect: () => Promise<unknown>): Promise<void> {
  try {
    await effect();
  } catch (error) {
    if (!(error instanceof OrderFailure && error.errors.every((e) => e.code === 'INVALID_TRANSITION'))) throw error;
  }
}

export async function applyPaymentEvent(ctx: SystemContext, provider: PaymentProviderCode, event: PaymentWebhookEvent): Promise<'applied' | 'replayed' | 'ignored'> {
  if (event.kind === 'IGNORED') return 'ignored';
  if (await webhookSeen(ctx.db, provider, event.eventId)) return 'replayed';
  const payment = await findPaymentByRef(ctx.db, provider, event.providerRef);
  if (!payment) throw new UnknownPaymentError(`no ${provider} payment ${event.providerRef} (yet)`);
  ctx.logger.info({ provider, kind: event.kind, orderId: payment.orderId }, 'payment event');
  if (event.kind === 'AUTHORIZED') await idempotently(() => paymentAuthorized(ctx, payment, event.providerRef));
  else if (event.kind === 'DECLINED') await idempotently(() => paymentDeclined(ctx, payment, event.reason ?? 'declined'));
  await recordWebhook(ctx.db, provider, event.eventId);
  return 'applied';
}
