/** A `subscribe` message turned into execution arguments, or the errors that refuse it. */
import { buildSchema, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode } from '@miw/contracts';
import type { EdgePipeline } from '../edge/pipeline';
import { isSafelisted } from '../safelist';

export interface OperationPayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface OperationArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  variableValues: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

export interface OperationChecks {
  maxTokens: number;
  /** Safelist mode: only these operations (SHA-256 of the text -> text) run. */
  safelist?: Map<string, string> | undefined;
  /** The API schema subscriptions are validated against (undefined while the gateway starts). */
  schema(): GraphQLSchema | undefined;
  /** Every validation rule (graphql-js's and the edge's). */
  rules: readonly ValidationRule[];
  /** The edge pipeline's operation resolution and input checks (the same as HTTP requests'). */
  resolve: EdgePipeline['resolve'];
}

/** graphql-ws wants a schema in the execution arguments; queries and mutations are executed by Apollo Server. */
const PLACEHOLDER = buildSchema('type Query { _unused: Boolean }');

const refused = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * Safelist, parse (token limit), validation (the edge's rules), one operation, its literals and
 * variables: the order of Apollo Server's pipeline for HTTP requests, so both transports give the
 * same answer to the same document. Queries and mutations then go on to Apollo Server.
 */
export function prepareOperation(payload: OperationPayload, checks: OperationChecks): OperationArgs | GraphQLError[] {
  if (checks.safelist && !isSafelisted(checks.safelist, payload.query)) {
    return [new GraphQLError('This operation is not in the safelist', { extensions: { code: ErrorCode.FORBIDDEN, reason: 'OPERATION_NOT_SAFELISTED' } })];
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: checks.maxTokens });
  } catch (error) {
    return refused((error as Error).message, ErrorCode.GRAPHQL_PARSE_FAILED);
  }
  const schema = checks.schema();
  if (!schema) return refused('The gateway is starting; retry shortly', ErrorCode.SERVICE_UNAVAILABLE);
  const errors = validate(schema, document, checks.rules);
  if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: (e.extensions.code as string | undefined) ?? ErrorCode.GRAPHQL_VALIDATION_FAILED } }));
  const operation = checks.resolve(document, payload.operationName, payload.variables);
  if (operation instanceof GraphQLError) return [operation];
  const variableValues = payload.variables ?? undefined;
  const operationName = payload.operationName ?? undefined;
  if (operation.operation !== 'subscription') return { schema: PLACEHOLDER, document, variableValues, operationName };
  return { schema, document, variableValues, operationName };
}
