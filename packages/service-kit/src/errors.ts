/**
 * One error convention for every service:
 * - expected domain failures are typed payload errors (`{ errors: [{ code, field, message }] }`);
 * - request problems (authentication, authorization, validation of the request itself) and
 *   infrastructure failures are thrown GraphQLErrors carrying `extensions.code`.
 * `formatError` guarantees every error leaving a service has a code, and in production hides
 * messages, stack traces and SQL of unexpected errors.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '@miw/logging';
import { ErrorCode } from '@miw/contracts';

export { ErrorCode } from '@miw/contracts';

/** Codes whose messages are written for clients and are always shown. */
const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

export function userInputError(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } });
}

export function regionReadOnlyError(region: string, writableEndpoint?: string): GraphQLError {
  return new GraphQLError(`The ${region.toUpperCase()} region holds a read-only copy of this data; write in the EU region.`, {
    extensions: { code: ErrorCode.REGION_READ_ONLY, region, ...(writableEndpoint ? { writableEndpoint } : {}) },
  });
}

export function createFormatError(logger: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) return formatted;
    logger.error({ err: unwrap(error), path: formatted.path }, 'unexpected error in resolver');
    if (!production) return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}
