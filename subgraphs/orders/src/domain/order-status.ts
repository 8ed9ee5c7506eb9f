/**
 * The order lifecycle as a pure state machine: which action moves an order from which status to
 * which, and who may take it. Services ask `decide` before every change and turn a refusal into
 * a payload error (INVALID_TRANSITION naming the current status) or FORBIDDEN.
 *
 *   PENDING_PAYMENT --pay--> PLACED --confirm--> CONFIRMED --ready--> READY_FOR_PICKUP --fulfil--> FULFILLED
 *                                                          \--ship---> SHIPPED ----------/
 *   any status before FULFILLED --cancel--> CANCELLED --refund--> REFUNDED (a captured payment)
 */
import type { CancelReasonName, OrderStatusName } from '@miw/contracts';

export type OrderStatus = OrderStatusName;
export type CancelReason = CancelReasonName;

/** Who acts: the order's shopper, the partner running its store, a region admin, or the system (payments, expiry). */
export type Actor = 'SHOPPER' | 'PARTNER' | 'ADMIN' | 'SYSTEM';

export type OrderAction = 'PAY' | 'CONFIRM' | 'MARK_READY' | 'SHIP' | 'FULFIL' | 'CANCEL' | 'REFUND';

interface Transition {
  to: OrderStatus;
  /** Statuses the action starts from, per actor allowed to take it. */
  from: Partial<Record<Actor, readonly OrderStatus[]>>;
}

const BEFORE_CONFIRMATION: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PLACED'];
const BEFORE_FULFILMENT: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PLACED', 'CONFIRMED', 'READY_FOR_PICKUP', 'SHIPPED'];
const STORE_STAFF = (statuses: readonly OrderStatus[]) => ({ PARTNER: statuses, ADMIN: statuses });

const TRANSITIONS: Record<OrderAction, Transition> = {
  PAY: { to: 'PLACED', from: { SYSTEM: ['PENDING_PAYMENT'] } },
  CONFIRM: { to: 'CONFIRMED', from: STORE_STAFF(['PLACED']) },
  MARK_READY: { to: 'READY_FOR_PICKUP', from: STORE_STAFF(['CONFIRMED']) },
  SHIP: { to: 'SHIPPED', from: STORE_STAFF(['CONFIRMED']) },
  FULFIL: { to: 'FULFILLED', from: STORE_STAFF(['READY_FOR_PICKUP', 'SHIPPED']) },
  CANCEL: { to: 'CANCELLED', from: { SHOPPER: BEFORE_CONFIRMATION, ...STORE_STAFF(BEFORE_FULFILMENT), SYSTEM: BEFORE_CONFIRMATION } },
  REFUND: { to: 'REFUNDED', from: { SYSTEM: ['CANCELLED'] } },
};

export type Decision =
  | { ok: true; to: OrderStatus }
  /** The actor may never take this action. */
  | { ok: false; refusal: 'FORBIDDEN' }
  /** The actor may take it, but not from the current status. */
  | { ok: false; refusal: 'INVALID_TRANSITION'; currentStatus: OrderStatus };

/** Whether `actor` may take `action` on an order in `status`, and the status it leads to. */
export function decide(status: OrderStatus, action: OrderAction, actor: Actor): Decision {
  const transition = TRANSITIONS[action];
  const allowed = transition.from[actor];
  if (!allowed) return { ok: false, refusal: 'FORBIDDEN' };
  if (!allowed.includes(status)) return { ok: false, refusal: 'INVALID_TRANSITION', currentStatus: status };
  return { ok: true, to: transition.to };
}

/** Statuses where the stock stays reserved (not yet sold nor released). */
export const holdsStock = (status: OrderStatus): boolean => BEFORE_FULFILMENT.includes(status);

/** The event verb of a change into `status`. */
export function verbOf(status: OrderStatus): 'placed' | 'confirmed' | 'ready_for_pickup' | 'shipped' | 'fulfilled' | 'cancelled' | 'refunded' | 'updated' {
  switch (status) {
    case 'PLACED':
      return 'placed';
    case 'CONFIRMED':
      return 'confirmed';
    case 'READY_FOR_PICKUP':
      return 'ready_for_pickup';
    case 'SHIPPED':
      return 'shipped';
    case 'FULFILLED':
      return 'fulfilled';
    case 'CANCELLED':
      return 'cancelled';
    case 'REFUNDED':
      return 'refunded';
    default:
      return 'updated';
  }
}
