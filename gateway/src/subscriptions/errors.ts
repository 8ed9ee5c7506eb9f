/** The errors subscription streams carry (codes documented for clients in docs/subscriptions.md). */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '@miw/contracts';

/** A plain error object, as a subgraph or the gateway's executor reports it. */
export interface PlainError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** The subscription to `serviceName` ended with an error: the client subscribes again. */
const upstreamError = (message: string, serviceName: string, reason?: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.SUBSCRIPTION_UPSTREAM_ERROR, serviceName, ...(reason ? { reason } : {}) } });

/** Rebuilds plain error objects (from a subgraph or the executor) as GraphQLErrors for graphql-ws. */
export const asGraphQLErrors = (errors: readonly PlainError[], serviceName?: string): GraphQLError[] =>
  errors.map((e) =>
    e instanceof GraphQLError
      ? e
      : new GraphQLError(e.message, { ...(e.path ? { path: e.path } : {}), extensions: { ...e.extensions, ...(serviceName ? { serviceName } : {}) } }),
  );

export const notServing = () => new GraphQLError('The gateway is not serving subscriptions right now', { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });

export const eventFailed = (error: unknown) =>
  new GraphQLError(`Could not resolve a subscription event: ${(error as Error).message}`, { extensions: { code: ErrorCode.SUBSCRIPTION_EVENT_FAILED } });

/** Why the upstream subscription of `serviceName` failed, as the errors every subscriber gets. */
export function upstreamFailure(error: unknown, serviceName: string): GraphQLError[] {
  if (Array.isArray(error)) return asGraphQLErrors(error as PlainError[], serviceName);
  const reason = (error as { reason?: string; message?: string } | undefined)?.reason || (error as Error | undefined)?.message;
  return [upstreamError(`The subscription to the ${serviceName} subgraph ended; subscribe again`, serviceName, reason)];
}
