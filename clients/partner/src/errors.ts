/**
 * Every failure the SDK reports is a PartnerApiError carrying machine-readable codes: the GraphQL
 * errors' `extensions.code` (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, ...) or, for transport
 * problems, one of NETWORK_ERROR, SERVICE_UNAVAILABLE, RATE_LIMITED, BAD_RESPONSE.
 */
import { type GraphQLFormattedError } from 'graphql';

export interface PartnerApiErrorDetails {
  /** The GraphQL errors of the answer, when there were any. */
  errors?: readonly GraphQLFormattedError[];
  /** HTTP status of the answer (HTTP requests). */
  status?: number;
  /** WebSocket close code that ended a stream (subscriptions). */
  closeCode?: number;
  cause?: unknown;
}

export class PartnerApiError extends Error {
  override name = 'PartnerApiError';
  /** Distinct codes, in the order they came. */
  readonly codes: readonly string[];
  readonly errors: readonly GraphQLFormattedError[];
  readonly status: number | undefined;
  readonly closeCode: number | undefined;

  constructor(message: string, codes: readonly string[], details: PartnerApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.codes = [...new Set(codes)];
    this.errors = details.errors ?? [];
    this.status = details.status;
    this.closeCode = details.closeCode;
  }

  /** The first code (what most callers branch on). */
  get code(): string {
    return this.codes[0] ?? 'INTERNAL_SERVER_ERROR';
  }

  /** From the `errors` of a GraphQL answer (a missing code counts as INTERNAL_SERVER_ERROR). */
  static fromGraphQLErrors(errors: readonly GraphQLFormattedError[], details: Omit<PartnerApiErrorDetails, 'errors'> = {}): PartnerApiError {
    const codes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR'));
    const message = errors.map((e) => e.message).join('; ') || 'GraphQL error';
    return new PartnerApiError(message, codes.length > 0 ? codes : ['INTERNAL_SERVER_ERROR'], { ...details, errors });
  }
}

/** Whether a value looks like the `errors` array of a GraphQL answer. */
export function isGraphQLErrorList(value: unknown): value is GraphQLFormattedError[] {
  return Array.isArray(value) && value.every((e) => typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string');
}
