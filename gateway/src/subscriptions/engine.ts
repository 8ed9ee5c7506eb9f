/**
 * Federated subscriptions on @apollo/gateway (design: ../shared/notes/federated-subscriptions.md).
 *
 * - Planning: a QueryPlanner built from the same supergraph as the gateway plans a subscription
 *   as `{ kind: 'Subscription', primary: Fetch, rest?: PlanNode }`. Plans are cached per schema.
 * - Upstream: the primary fetch is sent over graphql-ws to the owning subgraph, one socket per
 *   subgraph per gateway instance (authenticated with the gateway's internal token); each
 *   subscribe carries the subscriber's signed internal token in its `extensions`.
 * - Per event: the gateway's own executor runs `Sequence[primary, rest]`, the primary fetch being
 *   answered by the event itself and every other fetch going to the real subgraphs with the
 *   subscriber's identity. The payload is what the same selection would return as a query.
 * - Groups: subscribers with the same operation, coerced variables and viewer (the claims
 *   forwarded upstream) share one upstream subscription and one plan execution per event.
 *
 * These gateway functions carry no strong semver promise: the versions are pinned and
 * ./planner.test.ts fails if an upgrade changes the plan shape or the execution.
 */
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { getVariableValues, GraphQLError, print, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { INTERNAL_HEADER, signInternalToken, type Viewer } from '@miw/auth';
import type { Logger } from '@miw/logging';
import { Queue } from '@miw/events';

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
}

interface Prepared {
  primary: FetchNode;
  rest: PlanNode | undefined;
  operationContext: ReturnType<typeof buildOperationContext>;
  schemaState: SchemaState;
}

interface SchemaState {
  apiSchema: GraphQLSchema;
  apiSchemaInternal: Schema;
  supergraphSchema: GraphQLSchema;
  planner: QueryPlanner;
  plans: Map<string, Prepared>;
}

export interface SubscribeArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  subscriber: Subscriber;
  /** Called at once when this subscriber's queue overflows (its stream then fails). */
  onOverflow?: () => void;
}

/** A subscriber's stream ended because it fell behind (the edge closes the socket). */
export class SubscriberOverflowError extends Error {
  override name = 'SubscriberOverflowError';
}

export const upstreamError = (message: string, serviceName: string, reason?: string) =>
  new GraphQLError(message, { extensions: { code: 'SUBSCRIPTION_UPSTREAM_ERROR', serviceName, ...(reason ? { reason } : {}) } });

const stable = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v) ?? 'null'
    : Array.isArray(v)
      ? `[${v.map(stable).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
          .join(',')}}`;

/** Rebuilds plain error objects (from a subgraph or the executor) as GraphQLErrors for graphql-ws. */
const asGraphQLErrors = (errors: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[], serviceName?: string) =>
  errors.map((e) =>
    e instanceof GraphQLError
      ? e
      : new GraphQLError(e.message, { ...(e.path ? { path: e.path } : {}), extensions: { ...e.extensions, ...(serviceName ? { serviceName } : {}) } }),
  );

export class SubscriptionEngine<Ctx> {
  private state: SchemaState | undefined;
  private readonly groups = new Map<string, Group<Ctx>>();
  private readonly clients = new Map<string, Client>();
  private closed = false;
  readonly stats = { groups: 0, subscribers: 0, upstreamEvents: 0, planExecutions: 0, deliveries: 0 };

  constructor(readonly opts: SubscriptionEngineOptions<Ctx>) {
    opts.gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      const supergraph = Supergraph.build(coreSupergraphSdl);
      // Running groups keep the plan they started with; new subscriptions use the new schema.
      this.state = { apiSchema, apiSchemaInternal: supergraph.apiSchema(), supergraphSchema: supergraph.schema.toGraphQLJSSchema(), planner: new QueryPlanner(supergraph), plans: new Map() };
    });
  }

  /** The API schema served by the gateway (undefined before it loaded). */
  get schema(): GraphQLSchema | undefined {
    return this.state?.apiSchema;
  }

  /** Starts one subscription: an error result, or the stream of results of `args.subscriber`. */
  subscribe(args: SubscribeArgs): ExecutionResult | SubscriberStream {
    const state = this.state;
    if (!state || this.closed) return { errors: [new GraphQLError('The gateway is not serving subscriptions right now', { extensions: { code: 'SERVICE_UNAVAILABLE' } })] };
    let prepared: Prepared;
    try {
      prepared = this.prepare(state, args.document, args.operationName ?? undefined);
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError(`Cannot plan this subscription: ${(error as Error).message}`, { extensions: { code: 'BAD_REQUEST' } })] };
    }
    const { errors, coerced } = getVariableValues(state.apiSchema, prepared.operationContext.operation.variableDefinitions ?? [], args.variableValues ?? {});
    if (errors?.length) return { errors: errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: 'BAD_USER_INPUT' } })) };
    // Key on exactly what is forwarded upstream (the viewer), so sharing never widens access.
    const key = `${prepared.primary.operation}\u0000${print(args.document)}\u0000${args.operationName ?? ''}\u0000${stable(coerced)}\u0000${stable(args.subscriber.viewer)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new Group(this, key, prepared, coerced as Record<string, unknown>, args.subscriber);
      this.groups.set(key, group);
      this.stats.groups++;
      group.start();
    }
    return group.add(args.onOverflow);
  }

  private prepare(state: SchemaState, document: DocumentNode, operationName: string | undefined): Prepared {
    const cacheKey = `${operationName ?? ''}\u0000${print(document)}`;
    const cached = state.plans.get(cacheKey);
    if (cached) return cached;
    const operationContext = buildOperationContext({ schema: state.apiSchema, operationDocument: document, ...(operationName ? { operationName } : {}) });
    const plan = state.planner.buildQueryPlan(operationFromDocument(state.apiSchemaInternal, document, operationName ? { operationName } : {}));
    if (plan.node?.kind !== 'Subscription') throw new GraphQLError('This operation is not a subscription', { extensions: { code: 'BAD_REQUEST' } });
    const prepared: Prepared = { primary: plan.node.primary, rest: plan.node.rest, operationContext, schemaState: state };
    if (state.plans.size >= 1000) state.plans.clear();
    state.plans.set(cacheKey, prepared);
    return prepared;
  }

  /** One multiplexed graphql-ws client per subgraph, authenticated as the gateway. */
  client(serviceName: string): Client {
    let client = this.clients.get(serviceName);
    if (!client) {
      const log = this.opts.logger.child({ component: 'subscriptions-upstream', serviceName });
      client = createClient({
        url: this.opts.subgraphUrl(serviceName).replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: async () => ({ [INTERNAL_HEADER]: await signInternalToken(this.opts.internalSecret, null, 'gateway-subscriptions') }),
        lazy: true,
        lazyCloseTimeout: 5_000,
        keepAlive: 10_000,
        // No silent reconnect: events committed during the gap would be lost unnoticed. Every
        // subscriber gets SUBSCRIPTION_UPSTREAM_ERROR instead, resubscribes and refetches.
        retryAttempts: 0,
        on: { closed: (event) => log.debug({ code: (event as { code?: number }).code }, 'upstream socket closed') },
      });
      this.clients.set(serviceName, client);
    }
    return client;
  }

  /** Resolves one upstream event through the supergraph with the gateway's own executor. */
  async resolve(prepared: Prepared, event: ExecutionResult, variables: Record<string, unknown>, subscriber: Subscriber): Promise<ExecutionResult> {
    const { primary, rest, operationContext, schemaState } = prepared;
    const services: ServiceMap = Object.fromEntries(this.opts.dataSources) as ServiceMap;
    const real = services[primary.serviceName];
    services[primary.serviceName] = {
      process: (request) => (request.request.query === primary.operation ? Promise.resolve(event as never) : real!.process(request)),
    };
    const queryPlan: QueryPlan = { kind: 'QueryPlan', node: { kind: 'Sequence', nodes: rest ? [primary, rest] : [primary] } };
    this.stats.planExecutions++;
    const requestContext = {
      request: { variables },
      context: this.opts.contextFor(subscriber),
      metrics: {},
      logger: this.opts.logger,
    } as unknown as Parameters<typeof executeQueryPlan>[2];
    const result = await executeQueryPlan(queryPlan, services, requestContext, operationContext, schemaState.supergraphSchema, schemaState.apiSchemaInternal);
    return { data: result.data ?? null, ...(result.errors?.length ? { errors: asGraphQLErrors(result.errors) } : {}) };
  }

  remove(group: Group<Ctx>): void {
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
    await Promise.all([...this.clients.values()].map((c) => c.dispose()));
    this.clients.clear();
  }
}

/** Every subscriber of one (operation, variables, viewer). */
class Group<Ctx> {
  private readonly subscribers = new Set<SubscriberStream>();
  /** Keeps delivery in upstream order while plan executions overlap. */
  private tail: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly engine: SubscriptionEngine<Ctx>,
    readonly key: string,
    private readonly prepared: Prepared,
    private readonly variables: Record<string, unknown>,
    private readonly subscriber: Subscriber,
  ) {}

  start(): void {
    const { primary } = this.prepared;
    const used = new Set(primary.variableUsages ?? []);
    const token = signInternalToken(this.engine.opts.internalSecret, this.subscriber.viewer, this.subscriber.correlationId, this.subscriber.clientIp);
    void token.then(
      (internalToken) => {
        if (this.closed) return;
        this.unsubscribe = this.engine.client(primary.serviceName).subscribe(
          {
            query: primary.operation,
            ...(primary.operationName ? { operationName: primary.operationName } : {}),
            variables: Object.fromEntries(Object.entries(this.variables).filter(([k]) => used.has(k))),
            extensions: { [INTERNAL_HEADER]: internalToken },
          },
          {
            next: (event) => this.onEvent(event as ExecutionResult),
            error: (error) => this.failUpstream(error),
            complete: () => this.finish(),
          },
        );
      },
      (error: unknown) => this.failUpstream(error),
    );
  }

  private onEvent(event: ExecutionResult): void {
    this.engine.stats.upstreamEvents++;
    const { serviceName } = this.prepared.primary;
    const resolved: Promise<ExecutionResult> =
      event.data == null
        ? // A refusal at subscribe time (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT): pass it on.
          Promise.resolve({ errors: asGraphQLErrors(event.errors ?? [{ message: 'Empty event from the subgraph' }], serviceName) })
        : this.engine
            .resolve(this.prepared, event, this.variables, this.subscriber)
            .catch((error: unknown) => ({ errors: [new GraphQLError(`Could not resolve a subscription event: ${(error as Error).message}`, { extensions: { code: 'SUBSCRIPTION_EVENT_FAILED' } })] }));
    this.tail = this.tail
      .then(() => resolved)
      .then((result) => {
        for (const s of this.subscribers) s.push(result);
        this.engine.stats.deliveries += this.subscribers.size;
      })
      .catch((error: unknown) => this.engine.opts.logger.error({ err: error }, 'subscription delivery failed'));
  }

  private failUpstream(error: unknown): void {
    const { serviceName } = this.prepared.primary;
    if (Array.isArray(error)) return this.finish({ errors: asGraphQLErrors(error as { message: string }[], serviceName) });
    const reason = (error as { reason?: string; message?: string } | undefined)?.reason || (error as Error | undefined)?.message;
    this.finish({ errors: [upstreamError(`The subscription to the ${serviceName} subgraph ended; subscribe again`, serviceName, reason)] });
  }

  add(onOverflow?: () => void): SubscriberStream {
    const stream = new SubscriberStream(this.engine.opts.maxQueue ?? 100, () => this.removeSubscriber(stream), onOverflow);
    this.subscribers.add(stream);
    this.engine.stats.subscribers++;
    return stream;
  }

  private removeSubscriber(stream: SubscriberStream): void {
    if (!this.subscribers.delete(stream)) return;
    this.engine.stats.subscribers--;
    if (this.subscribers.size === 0 && !this.closed) {
      this.closed = true;
      this.engine.remove(this);
      this.unsubscribe?.();
    }
  }

  /** Upstream ended (or the gateway closes): deliver what is in flight, then end every stream. */
  finish(last?: ExecutionResult): void {
    if (this.closed) return;
    this.closed = true;
    this.engine.remove(this); // new subscribers get a fresh upstream subscription
    this.unsubscribe?.();
    this.tail = this.tail.then(() => {
      for (const s of [...this.subscribers]) {
        if (last) s.push(last);
        s.end();
      }
    });
  }

  drained(): Promise<void> {
    return this.tail;
  }
}

/** One subscriber's results: a bounded queue (a subscriber that falls behind fails with SubscriberOverflowError). */
export class SubscriberStream extends Queue<ExecutionResult> {
  constructor(max: number, onEnd: () => void, onOverflow?: () => void) {
    super(max, onEnd, () => (onOverflow?.(), new SubscriberOverflowError(`more than ${max} results waiting`)));
  }
}
