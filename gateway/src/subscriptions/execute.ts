/**
 * Per event: the gateway's own executor runs `Sequence[primary, rest]`, the primary fetch being
 * answered by the event itself and every other fetch going to the real subgraphs with the
 * subscriber's identity. The payload is what the same selection would return as a query.
 */
import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
import type { Logger } from '@miw/logging';
import { asGraphQLErrors } from './errors';
import type { Prepared } from './plans';

/** The gateway's data sources, with the primary fetch answered by `event` instead of its subgraph. */
export function servicesAnswering<Ctx>(dataSources: Map<string, GraphQLDataSource<Ctx & Record<string, unknown>>>, primary: FetchNode, event: ExecutionResult): ServiceMap {
  const services: ServiceMap = Object.fromEntries(dataSources) as ServiceMap;
  const real = services[primary.serviceName];
  services[primary.serviceName] = {
    process: (request) => (request.request.query === primary.operation ? Promise.resolve(event as never) : real!.process(request)),
  };
  return services;
}

/** The plan of one event: the primary fetch, then the rest of the subscription's plan. */
export const eventPlan = ({ primary, rest }: Pick<Prepared, 'primary' | 'rest'>): QueryPlan => ({ kind: 'QueryPlan', node: { kind: 'Sequence', nodes: rest ? [primary, rest] : [primary] } });

export interface EventExecution<Ctx> {
  prepared: Prepared;
  event: ExecutionResult;
  variables: Record<string, unknown>;
  /** The request context of the execution, as for an HTTP request of the subscriber. */
  context: Ctx;
  dataSources: Map<string, GraphQLDataSource<Ctx & Record<string, unknown>>>;
  logger: Logger;
}

/** Resolves one upstream event through the supergraph with the gateway's own executor. */
export async function executeEvent<Ctx>({ prepared, event, variables, context, dataSources, logger }: EventExecution<Ctx>): Promise<ExecutionResult> {
  const { operationContext, schemaState } = prepared;
  const requestContext = { request: { variables }, context, metrics: {}, logger } as unknown as Parameters<typeof executeQueryPlan>[2];
  const result = await executeQueryPlan(eventPlan(prepared), servicesAnswering(dataSources, prepared.primary, event), requestContext, operationContext, schemaState.supergraphSchema, schemaState.apiSchemaInternal);
  return { data: result.data ?? null, ...(result.errors?.length ? { errors: asGraphQLErrors(result.errors) } : {}) };
}
