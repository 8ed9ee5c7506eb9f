/**
 * Expected failures of carts, checkout and orders (a product not for sale, not enough stock, a
 * moved price, a status that does not allow the change): typed payload errors (`OrderError` in the
 * schema). Services throw an `OrderFailure` (rolling their transaction back); resolvers answer
 * `{ errors }` through `attempt`.
 */
import { attemptPayload, DomainFailure } from '@miw/service-kit';
import type { ErrorLine } from '../mappers';
import type { OrderErrorCode, OrderStatus } from '../schema.generated';

/** One typed payload error (`OrderError` in the schema). */
export interface OrderError {
  code: OrderErrorCode;
  field: string | null;
  message: string;
  currentStatus?: OrderStatus | null;
  lines?: ErrorLine[] | null;
  newTotal?: { amount: number; currency: string } | null;
}

export class OrderFailure extends DomainFailure<OrderError> {}

export const fail = (code: OrderErrorCode, field: string | null, message: string, extra: Partial<OrderError> = {}): never => {
  throw new OrderFailure([{ code, field, message, ...extra }]);
};

const isOrderFailure = (error: unknown): error is OrderFailure => error instanceof OrderFailure;

/** Runs `fn`; an OrderFailure becomes `{ errors }` merged into the empty payload. */
export const attempt = <Empty extends object, P extends object>(empty: Empty, fn: () => Promise<P>) => attemptPayload(isOrderFailure, empty, fn);
