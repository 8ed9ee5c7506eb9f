/** Results sent over the socket: queries and mutations through Apollo Server, and error formatting. */
import type { ApolloServer, BaseContext } from '@apollo/server';
import { GraphQLError, print, type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@miw/contracts';

/** Codes of subscription stream errors, written for clients (docs/subscriptions.md): never masked. */
const STREAM_CODES = new Set<unknown>([ErrorCode.SUBSCRIPTION_UPSTREAM_ERROR, ErrorCode.SUBSCRIPTION_EVENT_FAILED, ErrorCode.SERVICE_UNAVAILABLE]);

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** A result's errors formatted as HTTP responses' are (Apollo's formatError never sees socket traffic); undefined: send as is. */
export function formatResult(result: ExecutionResult, formatError: FormatError): FormattedExecutionResult | undefined {
  if (!result.errors?.length) return undefined;
  return { ...result, errors: result.errors.map((e) => (STREAM_CODES.has(e.extensions.code) ? e.toJSON() : formatError(e.toJSON(), e))) };
}

/** Runs a query or mutation sent over the socket through Apollo Server, like an HTTP request (same limits, rules and error masking). */
export async function executeThroughApollo(apollo: ApolloServer<BaseContext>, args: Pick<ExecutionArgs, 'document' | 'variableValues' | 'operationName'>, contextValue: BaseContext): Promise<ExecutionResult> {
  const response = await apollo.executeOperation(
    { query: print(args.document), variables: (args.variableValues as Record<string, unknown>) ?? {}, operationName: args.operationName ?? undefined },
    { contextValue },
  );
  if (response.body.kind !== 'single') return { errors: [new GraphQLError('Incremental delivery is not supported over this socket', { extensions: { code: ErrorCode.BAD_REQUEST } })] };
  const { data, errors } = response.body.singleResult;
  // graphql-ws serializes GraphQLError instances: rebuild Apollo's formatted errors as such.
  return { data: data ?? null, ...(errors ? { errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {}, ...(e.path ? { path: e.path } : {}) })) } : {}) };
}
