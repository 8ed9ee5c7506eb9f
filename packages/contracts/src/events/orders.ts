/**
 * Orders events (`<region>.orders.order.v1`): the state of an order after every change, written by
 * the orders subgraph in the transaction of the change. Region-local: orders never leave their
 * region, so the sync worker never routes this topic; notifications, reports and the live order
 * subscriptions of the same region read it.
 *
 * A new order is announced once: `created` when it waits for its payment, or `placed` (with
 * `previousStatus: null`) when it was paid at once.
 *
 * The payload names the order's audience (who may see it besides the region's admins): the
 * shopper, the partner organization running the store and the manufacturer organizations of its
 * lines. Manufacturers see their lines for demand, never the customer: consumers that serve them
 * must drop `customerEmail` and `shippingAddress`.
 */
import { z } from 'zod';
import { defineEvent } from '../contract';
import { timestamp, uuid } from '../fields';

/** The order lifecycle, in the order a successful order goes through it. */
export const ORDER_STATUSES = ['PENDING_PAYMENT', 'PLACED', 'CONFIRMED', 'READY_FOR_PICKUP', 'SHIPPED', 'FULFILLED', 'CANCELLED', 'REFUNDED'] as const;
/** Why an order was cancelled. */
export const CANCEL_REASONS = ['SHOPPER', 'PARTNER', 'ADMIN', 'EXPIRED', 'PAYMENT_DECLINED'] as const;

const line = z.object({
  productId: uuid,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPriceAmount: z.number().int().nonnegative(),
  manufacturerOrganizationId: uuid.nullable(),
});

const orderPayload = z.object({
  id: uuid,
  userId: uuid,
  customerEmail: z.string().nullable(),
  storeId: uuid,
  status: z.enum(ORDER_STATUSES),
  /** The status before this change; null when the order was just created. */
  previousStatus: z.enum(ORDER_STATUSES).nullable(),
  cancelReason: z.enum(CANCEL_REASONS).nullable(),
  totalAmount: z.number().int().nonnegative(),
  currency: z.string().length(3),
  paymentProvider: z.string(),
  paymentStatus: z.string(),
  shippingAddress: z.record(z.string(), z.unknown()).nullable(),
  lines: z.array(line),
  expiresAt: timestamp.nullable(),
  placedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  audience: z.object({ userIds: z.array(uuid), organizationIds: z.array(uuid) }),
});

export const orderEvents = defineEvent({
  domain: 'orders',
  topic: 'order',
  entity: 'Order',
  verbs: ['created', 'placed', 'confirmed', 'ready_for_pickup', 'shipped', 'fulfilled', 'cancelled', 'refunded', 'updated'],
  payload: orderPayload,
});

/** Every orders contract (region-local: never mirrored). */
export const ORDERS_CONTRACTS = [orderEvents] as const;

export type OrderPayload = z.infer<typeof orderPayload>;
export type OrderStatusName = (typeof ORDER_STATUSES)[number];
export type CancelReasonName = (typeof CANCEL_REASONS)[number];
