/** Notification rules, pure. */
import type { NotificationEntity, NotificationType } from '../schema.generated';

/** `data` is a JSON object by contract; a row holding anything else (written by hand) reads as {}. */
export const notificationData = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Every notification type, in the schema's order (a type added to the schema fails to compile here until listed). */
const TYPES: Record<NotificationType, true> = {
  STOCK_REQUEST_CREATED: true,
  STOCK_REQUEST_APPROVED: true,
  STOCK_REQUEST_REJECTED: true,
  STOCK_REQUEST_ACKNOWLEDGED: true,
  SHIPMENT_ASSIGNED: true,
  SHIPMENT_STATUS_CHANGED: true,
  SHIPMENT_EXCEPTION: true,
  SHIPMENT_DISCREPANCY: true,
  LOW_STOCK: true,
  LOW_STOCK_DIGEST: true,
  ORDER_PLACED: true,
  ORDER_CONFIRMED: true,
  ORDER_READY_FOR_PICKUP: true,
  ORDER_SHIPPED: true,
  ORDER_FULFILLED: true,
  ORDER_CANCELLED: true,
  ORDER_REFUNDED: true,
  SYNC_DEAD_LETTER: true,
  SYNC_LAG: true,
  WEBHOOK_ENDPOINT_DISABLED: true,
  DAILY_REPORT: true,
};
export const NOTIFICATION_TYPES = Object.keys(TYPES) as NotificationType[];

/**
 * The preference of every type: email on unless the user turned it off (a stored row for a type
 * the schema no longer has is ignored).
 */
export function preferencesOfEveryType(stored: readonly { type: string; email: boolean }[]): { type: NotificationType; email: boolean }[] {
  const email = new Map(stored.map((p) => [p.type, p.email]));
  return NOTIFICATION_TYPES.map((type) => ({ type, email: email.get(type) ?? true }));
}

/** The link of a stored notification: both columns or nothing. */
export function notificationLink(entity: string | null, id: string | null): { entity: NotificationEntity; id: string } | null {
  return entity && id ? { entity: entity as NotificationEntity, id } : null;
}
