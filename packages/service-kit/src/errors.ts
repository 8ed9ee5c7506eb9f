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
    if (isDatabaseUnavailable(unwrap(error))) {
      logger.warn({ err: unwrap(error), path: formatted.path }, 'database unavailable; the request was refused');
      return { message: DATABASE_UNAVAILABLE_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    logger.error({ err: unwrap(error), path: formatted.path }, 'unexpected error in resolver');
    if (!production) return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR } };
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** Resolvers' other network calls (orders -> inventory) answer their own errors; a bare socket error here is the pool's. */
const DATABASE_UNAVAILABLE_MESSAGE = 'The service cannot reach its database right now; retry shortly.';

/** Socket failures of reaching a server (Node's error codes). */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a server that cannot serve now: connection exceptions (class 08), too many
 * connections, and a server shutting down, crashed or starting up (57P01-57P03).
 */
const UNAVAILABLE_SQLSTATES = /^(08...|53300|57P0[123])$/;
/** Prisma's codes for an unreachable server, a timeout, a closed connection, no pool connection in time. */
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/** The kinds of Prisma's pg driver adapter errors that mean the same. */
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** node-postgres reports a lost connection or a connect timeout by message only. */
const PG_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|encountered a connection error and is not queryable/;

/**
 * Whether `error` (or what it wraps: `cause`, `originalError`, an AggregateError's `errors`, a
 * non-Error thrown value, Prisma's driver adapter error) says that PostgreSQL cannot be reached
 * or is restarting, rather than that it refused a statement: such a request is answered
 * SERVICE_UNAVAILABLE (retry shortly), never a masked internal error.
 */
function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown; originalError?: unknown; thrownValue?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.originalCode === 'string' ? e.originalCode : undefined;
  if (code && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code) || PRISMA_UNAVAILABLE.has(code))) return true;
  if (typeof e.kind === 'string' && ADAPTER_UNAVAILABLE.has(e.kind)) return true;
  if (typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message)) return true;
  const inner = [e.meta?.driverAdapterError?.cause, e.cause, e.originalError, e.thrownValue, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((x) => x !== error && isDatabaseUnavailable(x, depth + 1));
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}
