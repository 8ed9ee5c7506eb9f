/** A `subscribe` message turned into execution arguments, or the errors that refuse it. */
import { buildSchema, getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode } from '@miw/contracts';
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
}

/** graphql-ws wants a schema in the execution arguments; queries and mutations are executed by Apollo Server. */
const PLACEHOLDER = buildSchema('type Query { _unused: Boolean }');

const refused = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

/**
 * Safelist, parse (token limit), one operation. Queries and mutations go on to Apollo Server (which
 * validates them as HTTP requests); subscriptions are validated here with the edge's rules.
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
  const operation = getOperationAST(document, payload.operationName ?? undefined);
  if (!operation) return refused('Send exactly one operation, or name the one to run', ErrorCode.BAD_REQUEST);
  const variableValues = payload.variables ?? undefined;
  const operationName = payload.operationName ?? undefined;
  if (operation.operation !== 'subscription') return { schema: PLACEHOLDER, document, variableValues, operationName };
  const schema = checks.schema();
  if (!schema) return refused('The gateway is starting; retry shortly', ErrorCode.SERVICE_UNAVAILABLE);
  const errors = validate(schema, document, checks.rules);
  if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: (e.extensions.code as string | undefined) ?? ErrorCode.GRAPHQL_VALIDATION_FAILED } }));
  return { schema, document, variableValues, operationName };
}
