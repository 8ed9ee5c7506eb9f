/**
 * Field checks of every catalog input, pure: the service kit's `FieldChecker` with the catalog's
 * payload error codes (the generated `CatalogErrorCode` of the schema), `INVALID` for a malformed
 * value. It collects every invalid field of one input (with its path) so a payload reports them
 * all at once.
 */
import { FieldChecker, type FieldError as KitFieldError } from '@miw/service-kit';
import type { CatalogErrorCode } from '../schema.generated';

export type FieldError = KitFieldError<CatalogErrorCode>;
export type Checker = FieldChecker<CatalogErrorCode>;

/** A checker of one catalog input. */
export const fieldChecker = (): Checker => new FieldChecker<CatalogErrorCode>('INVALID');

/** The outcome of validating one input: the clean value, or every invalid field. */
export type Checked<T> = { value: T; errors: [] } | { value: null; errors: FieldError[] };

export const checked = <T>(c: Checker, value: T): Checked<T> => (c.ok ? { value, errors: [] } : { value: null, errors: c.errors });
