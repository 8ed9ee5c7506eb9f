/** The orders subgraph's business counters (registered by createApp; see @miw/observability). */
import { BusinessCounter } from '@miw/observability';

/** Checkouts by result: PLACED, CONFIRMED, PAYMENT_PENDING, DECLINED, or the refusal's error code. */
export const checkouts = new BusinessCounter('miw_checkouts_total', 'Checkouts by result (order status, DECLINED, or the error code of a refusal)', ['result']);

/** Order status changes, by the status reached. */
export const orderTransitions = new BusinessCounter('miw_order_transitions_total', 'Order status changes by the status reached', ['status']);
