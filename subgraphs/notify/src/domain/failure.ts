/**
 * Expected failures of notify mutations (an endpoint that is not the caller's, a URL that is not
 * allowed, the endpoint limit): typed payload errors (`NotifyError` in the schema). Services throw
 * a `NotifyFailure` (rolling their transaction back); resolvers answer `{ errors }` through `attempt`.
 */
import { attemptPayload, DomainFailure } from '@miw/service-kit';
import type { NotifyErrorCode } from '../schema.generated';

/** One typed payload error (`NotifyError` in the schema). */
export interface NotifyError {
  code: NotifyErrorCode;
  field: string | null;
  message: string;
}

export class NotifyFailure extends DomainFailure<NotifyError> {}

export const fail = (code: NotifyErrorCode, field: string | null, message: string): never => {
  throw new NotifyFailure([{ code, field, message }]);
};

const isNotifyFailure = (error: unknown): error is NotifyFailure => error instanceof NotifyFailure;

/** Runs `fn`; a NotifyFailure becomes `{ errors }` merged into the empty payload. */
export const attempt = <Empty extends object, P extends object>(empty: Empty, fn: () => Promise<P>) => attemptPayload(isNotifyFailure, empty, fn);
