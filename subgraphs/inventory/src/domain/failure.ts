/**
 * Expected failures of the supply chain (invalid field, unknown id, not enough stock, a status
 * that does not allow the change): answered as typed payload errors (`InventoryError` in the
 * schema), never thrown to the client. A service throws a `DomainFailure` (which also rolls its
 * transaction back); the resolver turns it into `{ errors }` with `attempt`.
 */
import { attemptPayload, DomainFailure as SharedDomainFailure } from '@miw/service-kit';
import type { InventoryErrorCode } from '../schema.generated';

/** One typed payload error (`InventoryError` in the schema). */
export interface InventoryError {
  code: InventoryErrorCode;
  field: string | null;
  message: string;
  currentStatus?: string | null;
}

/** An expected failure of the supply chain (`DomainFailure` of service-kit with inventory's errors). */
export class DomainFailure extends SharedDomainFailure<InventoryError> {}

export const fail = (code: InventoryErrorCode, field: string | null, message: string): never => {
  throw new DomainFailure([{ code, field, message }]);
};

/** Several problems at once (every invalid line of an input); nothing when `errors` is empty. */
export function failWith(errors: InventoryError[]): void {
  if (errors.length) throw new DomainFailure(errors);
}

/** A change the object's current status does not allow (outside the transition tables' own errors). */
export const wrongState = (currentStatus: string, message: string): DomainFailure =>
  new DomainFailure([{ code: 'INVALID_TRANSITION', field: null, currentStatus, message }]);

const isInventoryFailure = (error: unknown): error is DomainFailure => error instanceof DomainFailure;

/** Runs `fn`; a DomainFailure becomes `{ errors }` merged into the empty payload. */
export const attempt = <E extends object, P extends object>(empty: E, fn: () => Promise<P>) => attemptPayload(isInventoryFailure, empty, fn);
