/** Payments of orders and the webhook deliveries already applied. */
import type { OrdersReader, Payment, Prisma } from './db';

export const findPayments = (db: OrdersReader, orderIds: readonly string[]): Promise<Payment[]> => db.payment.findMany({ where: { orderId: { in: [...orderIds] } } });

export const findPaymentOfOrder = (db: OrdersReader, orderId: string): Promise<Payment | null> => db.payment.findUnique({ where: { orderId } });

/** The payment a provider names by its own reference; null when unknown. */
export const findPaymentByRef = (db: OrdersReader, provider: string, providerRef: string): Promise<Payment | null> =>
  db.payment.findUnique({ where: { provider_providerRef: { provider, providerRef } } });

export const updatePayment = (db: OrdersReader, id: string, data: Prisma.PaymentUpdateInput): Promise<Payment> => db.payment.update({ where: { id }, data });

/** Whether a provider's webhook delivery was applied before. */
export const webhookSeen = async (db: OrdersReader, provider: string, eventId: string): Promise<boolean> =>
  (await db.paymentWebhookEvent.findUnique({ where: { provider_eventId: { provider, eventId } } })) !== null;

/** Records an applied webhook delivery (a concurrent duplicate records nothing more). */
export const recordWebhook = (db: OrdersReader, provider: string, eventId: string): Promise<unknown> =>
  db.paymentWebhookEvent.createMany({ data: [{ provider, eventId }], skipDuplicates: true });
