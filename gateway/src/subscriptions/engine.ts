/**
 * Federated subscriptions on @apollo/gateway (design: docs/subscriptions.md), in named pieces:
 * - planning (./plans.ts): a subscription planned as `Subscription { primary, rest }`, cached per schema;
 * - upstream (./upstream.ts): the primary fetch sent over graphql-ws to the owning subgraph, one
 *   socket per subgraph per gateway instance; each subscribe carries the subscriber's signed
 *   internal token in its `extensions`;
 * - sharing (./sharing.ts, ./group.ts): subscribers with the same operation, coerced variables and
 *   viewer share one upstream subscription and one plan execution per event;
 * - per event (./execute.ts): the gateway's own executor runs `Sequence[primary, rest]`, the
 *   primary fetch answered by the event, every other fetch going to the subgraphs as the subscriber.
 * This file wires them: schema loads, subscribe, shutdown.
 *
 * These gateway functions carry no strong semver promise: the versions are pinned and
 * ./planner.test.ts fails if an upgrade changes the plan shape or the execution.
 */
import type { GraphQLDataSource } from '@apollo/gateway';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import { signInternalToken, type Viewer } from '@miw/auth';
import type { Logger } from '@miw/logging';
import { notServing } from './errors';
import { executeEvent } from './execute';
import { Group } from './group';
import { coerceVariables, schemaStateOf, tryPrepare, type Prepared, type SchemaState } from './plans';
import { groupKey } from './sharing';
import type { SubscriberStream } from './stream';
import { UpstreamPool } from './upstream';

/** Who subscribes: the connection's verified viewer. */
export interface Subscriber {
  viewer: Viewer;
  correlationId: string;
  clientIp: string | null;
}

export interface SubscriptionEngineOptions<Ctx> {
  /** Must not be loaded yet: the engine listens to its schema loads. */
  gateway: { onSchemaLoadOrUpdate(cb: (s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void): unknown };
  /** The gateway's data sources by subgraph name (filled by its buildService). */
  dataSources: Map<string, GraphQLDataSource<Ctx & Record<string, unknown>>>;
  /** The HTTP URL of a subgraph (its graphql-ws endpoint is the same URL). */
  subgraphUrl(name: string): string;
  internalSecret: string;
  /** The request context of one plan execution, as for an HTTP request of `subscriber`. */
  contextFor(subscriber: Subscriber): Ctx;
  logger: Logger;
  /** Results waiting for one subscriber before its stream fails (default 100). */
  maxQueue?: number;
  /** Told how long each event took from its arrival to its delivery to the subscribers (seconds). */
  observeDelivery?(seconds: number): void;
}

export interface SubscribeArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  subscriber: Subscriber;
  /** Called at once when this subscriber's queue overflows (its stream then fails). */
  onOverflow?: () => void;
}

export class SubscriptionEngine<Ctx> {
  private state: SchemaState | undefined;
  private readonly groups = new Map<string, Group>();
  private readonly upstream: UpstreamPool;
  private closed = false;
  readonly stats = { groups: 0, subscribers: 0, upstreamEvents: 0, planExecutions: 0, deliveries: 0 };

  constructor(readonly opts: SubscriptionEngineOptions<Ctx>) {
    this.upstream = new UpstreamPool(opts);
    // Running groups keep the plan they started with; new subscriptions use the new schema.
    opts.gateway.onSchemaLoadOrUpdate((loaded) => void (this.state = schemaStateOf(loaded)));
  }

  /** The API schema served by the gateway (undefined before it loaded). */
  get schema(): GraphQLSchema | undefined {
    return this.state?.apiSchema;
  }

  /** Starts one subscription: an error result, or the stream of results of `args.subscriber`. */
  subscribe(args: SubscribeArgs): ExecutionResult | SubscriberStream {
    const state = this.state;
    if (!state || this.closed) return { errors: [notServing()] };
    const prepared = tryPrepare(state, args.document, args.operationName ?? undefined);
    if ('errors' in prepared) return prepared;
    const coerced = coerceVariables(prepared, args.variableValues);
    if ('errors' in coerced) return coerced;
    const { variables } = coerced;
    const key = groupKey({ upstreamOperation: prepared.primary.operation, document: args.document, operationName: args.operationName, variables, viewer: args.subscriber.viewer });
    return (this.groups.get(key) ?? this.startGroup(key, prepared, variables, args.subscriber)).add(args.onOverflow);
  }

  /** A new group for `key`, its upstream subscription opened as `subscriber`. */
  private startGroup(key: string, prepared: Prepared, variables: Record<string, unknown>, subscriber: Subscriber): Group {
    const { opts, stats } = this;
    const group: Group = new Group(key, prepared.primary, variables, {
      subscribeUpstream: (serviceName, payload, sink) => this.upstream.subscribe(serviceName, payload, sink),
      internalToken: () => signInternalToken(opts.internalSecret, subscriber.viewer, subscriber.correlationId, subscriber.clientIp),
      resolve: (event) => {
        stats.planExecutions++;
        return executeEvent({ prepared, event, variables, context: opts.contextFor(subscriber), dataSources: opts.dataSources, logger: opts.logger });
      },
      onClosed: () => this.remove(group),
      stats,
      logger: opts.logger,
      maxQueue: opts.maxQueue ?? 100,
      ...(opts.observeDelivery ? { observeDelivery: opts.observeDelivery } : {}),
    });
    this.groups.set(key, group);
    stats.groups++;
    group.start();
    return group;
  }

  private remove(group: Group): void {
    if (this.groups.get(group.key) === group) {
      this.groups.delete(group.key);
      this.stats.groups--;
    }
  }

  /** Completes every subscription and closes the upstream sockets. */
  async close(): Promise<void> {
    this.closed = true;
    const groups = [...this.groups.values()];
    for (const group of groups) group.finish(); // removes it from this.groups
    await Promise.all(groups.map((g) => g.drained()));
    await this.upstream.close();
  }
}
