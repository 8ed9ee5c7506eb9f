/**
 * Which notifications an inventory or order event triggers, and who among its audience hears of
 * it. Pure: decided from the event, its verb and (for shipments) the state notify last saw.
 */
import type { OrderStatusName } from '@miw/contracts';
import type { OrderNotificationType } from './messages';

export type StockRequestNotificationType = 'STOCK_REQUEST_CREATED' | 'STOCK_REQUEST_APPROVED' | 'STOCK_REQUEST_REJECTED' | 'STOCK_REQUEST_ACKNOWLEDGED';

const STOCK_REQUEST_TYPES: Record<string, StockRequestNotificationType> = {
  created: 'STOCK_REQUEST_CREATED',
  approved: 'STOCK_REQUEST_APPROVED',
  rejected: 'STOCK_REQUEST_REJECTED',
  acknowledged: 'STOCK_REQUEST_ACKNOWLEDGED',
};

/** The notification of a stock request verb; null for `shipped` (its shipment's events tell). */
export const stockRequestNotification = (verb: string): StockRequestNotificationType | null => STOCK_REQUEST_TYPES[verb] ?? null;

export type ShipmentNotificationType = 'SHIPMENT_ASSIGNED' | 'SHIPMENT_STATUS_CHANGED' | 'SHIPMENT_EXCEPTION';

interface ShipmentSnapshot {
  logisticsOrganizationId: string | null;
  status: string;
}

/**
 * What changed in a shipment since `previous` (null: notify never saw it). A carrier newly set is
 * an assignment; a new status a status change, or an exception. An update that changes neither
 * (a tracking note, received quantities) tells no one. Without a previous state, a `created`
 * shipment starts at CREATED; an `updated` one notify missed is taken at its word.
 */
export function shipmentNotifications(verb: 'created' | 'updated', previous: ShipmentSnapshot | null, current: ShipmentSnapshot): ShipmentNotificationType[] {
  const types: ShipmentNotificationType[] = [];
  const carrierBefore = previous?.logisticsOrganizationId ?? null;
  if (current.logisticsOrganizationId && current.logisticsOrganizationId !== carrierBefore) types.push('SHIPMENT_ASSIGNED');
  const statusBefore = previous?.status ?? (verb === 'created' ? 'CREATED' : null);
  if (current.status !== statusBefore && current.status !== 'CREATED') types.push(current.status === 'EXCEPTION' ? 'SHIPMENT_EXCEPTION' : 'SHIPMENT_STATUS_CHANGED');
  return types;
}

const ORDER_TYPES: Record<string, OrderNotificationType> = {
  placed: 'ORDER_PLACED',
  confirmed: 'ORDER_CONFIRMED',
  ready_for_pickup: 'ORDER_READY_FOR_PICKUP',
  shipped: 'ORDER_SHIPPED',
  fulfilled: 'ORDER_FULFILLED',
  cancelled: 'ORDER_CANCELLED',
  refunded: 'ORDER_REFUNDED',
};

interface OrderNotification {
  type: OrderNotificationType;
  /** Whether the partner running the store is told too (new orders and cancellations). */
  tellStore: boolean;
}

/**
 * The notification of an order verb; null for `created` (an order waiting for its payment is
 * announced by `placed` once paid) and `updated`. The store hears of a cancellation only of an
 * order it had been told about: one cancelled while still waiting for its payment never reached it.
 */
export function orderNotification(verb: string, previousStatus: OrderStatusName | null): OrderNotification | null {
  const type = ORDER_TYPES[verb];
  if (!type) return null;
  const tellStore = type === 'ORDER_PLACED' || (type === 'ORDER_CANCELLED' && previousStatus !== 'PENDING_PAYMENT' && previousStatus !== null);
  return { type, tellStore };
}

/** The verb of an envelope type `<domain>.<topic>.<verb>`. */
export const verbOf = (type: string): string => type.slice(type.lastIndexOf('.') + 1);
