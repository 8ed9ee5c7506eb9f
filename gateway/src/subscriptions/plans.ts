/**
 * Planning: a QueryPlanner built from the same supergraph as the gateway plans a subscription as
 * `{ kind: 'Subscription', primary: Fetch, rest?: PlanNode }`. Plans are cached per schema.
 */
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { getVariableValues, GraphQLError, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '@miw/contracts';

/** Everything planned from one loaded supergraph (running groups keep the state they started with). */
export interface SchemaState {
  apiSchema: GraphQLSchema;
  apiSchemaInternal: Schema;
  supergraphSchema: GraphQLSchema;
  planner: QueryPlanner;
  plans: Map<string, Prepared>;
}

/** A planned subscription operation. */
export interface Prepared {
  primary: FetchNode;
  rest: PlanNode | undefined;
  operationContext: ReturnType<typeof buildOperationContext>;
  schemaState: SchemaState;
}

/** Plans kept per schema before the cache starts over. */
const MAX_PLANS = 1000;

export function schemaStateOf({ apiSchema, coreSupergraphSdl }: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }): SchemaState {
  const supergraph = Supergraph.build(coreSupergraphSdl);
  return { apiSchema, apiSchemaInternal: supergraph.apiSchema(), supergraphSchema: supergraph.schema.toGraphQLJSSchema(), planner: new QueryPlanner(supergraph), plans: new Map() };
}

/** Plans `document` (cached); throws BAD_REQUEST when it is not a subscription. */
export function prepare(state: SchemaState, document: DocumentNode, operationName: string | undefined): Prepared {
  const cacheKey = `${operationName ?? ''}\u0000${print(document)}`;
  const cached = state.plans.get(cacheKey);
  if (cached) return cached;
  const operationContext = buildOperationContext({ schema: state.apiSchema, operationDocument: document, ...(operationName ? { operationName } : {}) });
  const plan = state.planner.buildQueryPlan(operationFromDocument(state.apiSchemaInternal, document, operationName ? { operationName } : {}));
  if (plan.node?.kind !== 'Subscription') throw new GraphQLError('This operation is not a subscription', { extensions: { code: ErrorCode.BAD_REQUEST } });
  const prepared: Prepared = { primary: plan.node.primary, rest: plan.node.rest, operationContext, schemaState: state };
  if (state.plans.size >= MAX_PLANS) state.plans.clear();
  state.plans.set(cacheKey, prepared);
  return prepared;
}

/** `prepare`, with any planning failure as BAD_REQUEST errors. */
export function tryPrepare(state: SchemaState, document: DocumentNode, operationName: string | undefined): Prepared | { errors: GraphQLError[] } {
  try {
    return prepare(state, document, operationName);
  } catch (error) {
    return { errors: [error instanceof GraphQLError ? error : new GraphQLError(`Cannot plan this subscription: ${(error as Error).message}`, { extensions: { code: ErrorCode.BAD_REQUEST } })] };
  }
}

/** The subscriber's variables coerced by the operation's definitions, or BAD_USER_INPUT errors. */
export function coerceVariables(prepared: Prepared, values: Record<string, unknown> | null | undefined): { variables: Record<string, unknown> } | { errors: GraphQLError[] } {
  const { errors, coerced } = getVariableValues(prepared.schemaState.apiSchema, prepared.operationContext.operation.variableDefinitions ?? [], values ?? {});
  if (errors?.length) return { errors: errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: ErrorCode.BAD_USER_INPUT } })) };
  return { variables: coerced as Record<string, unknown> };
}
