/**
 * The regional gateway: @apollo/gateway executing the committed supergraph, served by Apollo
 * Server with the same HTTP conventions as the subgraphs (service-kit). Routing URLs come from
 * configuration, so one supergraph file serves every region and test.
 */
import './telemetry-off';
import http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import { GraphQLError } from 'graphql';
import { DEFAULT_TOKEN_SETTINGS, INTERNAL_HEADER, ROLES, signInternalToken, verifyAccessToken, type KeySet, type Role, type TokenSettings, type Viewer } from '@miw/auth';
import nodeFetch from 'node-fetch';
import { ErrorCode } from '@miw/contracts';
import { CORRELATION_HEADER, type Logger } from '@miw/logging';
import { createFormatError, createGraphQLService, type GraphQLService, type OpsSettings } from '@miw/service-kit';
import { apiKeyVerifier } from './api-keys';
import { countAddress, countUser, memoryRateLimiter, type PolicyUsage, type RateLimiter, type RequestBudget } from './rate-limit';
import { rateLimitHeaders } from './rate-limit-headers';
import { clientIpResolver } from './ws/connection';
import { safelistMiddleware } from './safelist';
import { createRevocationFeed, createRevocationList, issuedAtOf, type RevocationList } from './revocation';
import { cacheFollowingCatalog } from './catalog-feed';
import type { ResponseCacheOptions } from './response-cache';
import { attachWebSocketServer } from './websocket';
import { mountWebhookProxy } from './webhooks';
import type { WebSocketLimits } from './ws/limits';
import { createEdgePipeline, OPERATION_LIMITS, type OperationLimits } from './edge/pipeline';
import { createGatewayMetrics, countRefusals } from './metrics';
import { SubscriptionEngine } from './subscriptions/engine';
import { SUBGRAPHS, type SubgraphName } from './subgraphs';
import { createSubgraphGuard, SUBGRAPH_GUARD_DEFAULTS, type SubgraphGuard, type SubgraphGuardSettings } from './subgraph-guard';
import type { RegionCode } from '@miw/contracts';
import { createServiceMetrics, injectTrace, type ServiceMetrics } from '@miw/observability';
import type { EventBus } from '@miw/events';

interface GatewayContext {
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  /** The internal token for subgraph calls, signed once per request on first use. */
  internalToken(): Promise<string>;
}

export interface GatewayOptions {
  region: RegionCode;
  /** The process's metrics, served at the ops endpoints' /metrics (default: a registry of its own without process metrics). */
  metrics?: ServiceMetrics;
  production: boolean;
  logger: Logger;
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** Origins allowed by CORS (browsers); requests without an Origin header are not affected. */
  corsOrigins: string[];
  bodyLimit?: string;
  /** Max sockets per subgraph in the keep-alive pool. */
  maxSockets?: number;
  /** Public keys that verify access tokens (the auth services' key set). */
  keys: KeySet;
  tokenSettings?: TokenSettings;
  /** Secret of the internal token the subgraphs require. */
  internalSecret: string;
  /** Limits enforced before execution (defaults: LIMITS; `perRole` merged role by role). */
  limits?: EdgeLimitSettings;
  /** Shared counter store for rate limits (default: in memory). */
  rateLimiter?: RateLimiter;
  /** Safelist mode: only these operations (SHA-256 -> text) run. */
  safelist?: Map<string, string>;
  /** Proxies trusted to set X-Forwarded-For (express 'trust proxy'); default none. */
  trustProxy?: boolean | number | string;
  /** graphql-ws: how long a socket may wait before connection_init (default 5 s). */
  wsInitTimeoutMs?: number;
  /** graphql-ws limits (operations per socket, send buffer, ...; defaults: WS_LIMITS). */
  wsLimits?: Partial<WebSocketLimits>;
  /** Results waiting for one subscriber before it counts as too slow (default 100). */
  subscriptionQueue?: number;
  /** How long a verified API key is trusted before it is checked again (default 30 s: revocation delay). */
  apiKeyCacheMs?: number;
  /**
   * Where the user and organization snapshots of both regions are read from (see ./revocation.ts):
   * deactivations and rights changes then end access tokens and open sockets at once. Without it,
   * revoked access tokens run out on their own (15 minutes).
   */
  revocationFeed?: { bus: EventBus; topicPrefix: string };
  /**
   * Whole-response cache of queries the subgraphs hint as cacheable (see ./response-cache.ts),
   * invalidated by the catalog change events read from `feed`. Off without a feed: nothing would
   * tell it that the catalog changed.
   */
  responseCache?: ResponseCacheOptions & { feed: { bus: EventBus; topicPrefix: string; mirrorSettleMs?: number } };
  /** Deadline of a subgraph fetch and the circuit breaker per subgraph (defaults: SUBGRAPH_GUARD_DEFAULTS). */
  subgraphGuard?: Partial<SubgraphGuardSettings>;
  /** The internal listener of the operator endpoints (service-kit's ops; OPS_PORT). */
  ops?: OpsSettings;
}

/** Operation limits (./edge/pipeline.ts, the same on HTTP and graphql-ws) and rate limits. */
export interface EdgeLimits extends OperationLimits {
  /**
   * Requests per client address per window. Generous on purpose: a shop's NAT or a mobile
   * carrier's shared address carries many shoppers (an address is not a person); the per-user
   * budget is what limits one person.
   */
  perIp: number;
  /**
   * Requests per signed-in user per window, by role (operations sent over graphql-ws count in the
   * same buckets): a shopper's app, an organization's staff, an admin's bulk work.
   */
  perRole: Record<Role, number>;
  windowSeconds: number;
  /** Requests per API key per minute and per hour, for keys without limits of their own (set in auth). */
  apiKeyPerMinute: number;
  apiKeyPerHour: number;
}

export const LIMITS: EdgeLimits = {
  ...OPERATION_LIMITS,
  perIp: 6000,
  perRole: { CUSTOMER: 300, PARTNER: 600, MANUFACTURER: 600, LOGISTICS: 600, ADMIN: 3000 },
  windowSeconds: 60,
  apiKeyPerMinute: 100,
  apiKeyPerHour: 10_000,
};

/** What a caller may set of EdgeLimits. */
type EdgeLimitSettings = Partial<Omit<EdgeLimits, 'perRole'>> & {
  /** Budgets of some roles; the others keep LIMITS'. */
  perRole?: Partial<Record<Role, number>>;
  /** One budget for every role, replacing `perRole` (tests and benchmarks that must not be throttled). */
  perIdentity?: number;
};

/** The effective limits: the defaults, then `settings` (see EdgeLimitSettings). */
function edgeLimitsOf(settings: EdgeLimitSettings = {}): EdgeLimits {
  const { perIdentity, perRole, ...rest } = settings;
  const roles = perIdentity !== undefined ? Object.fromEntries(ROLES.map((role) => [role, perIdentity])) : { ...LIMITS.perRole, ...perRole };
  return { ...LIMITS, ...rest, perRole: roles as Record<Role, number> };
}

/**
 * Reads `Authorization: Bearer <access token>` or `Authorization: ApiKey <key>`. A present but bad
 * credential is an error, never a silent downgrade to anonymous.
 */
async function viewerFrom(
  authorization: string | undefined,
  keys: KeySet,
  settings: TokenSettings,
  apiKey: (key: string) => Promise<Viewer>,
): Promise<Viewer> {
  if (authorization === undefined || authorization === '') return null;
  const bearer = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization);
  if (bearer) {
    try {
      return await verifyAccessToken(keys, bearer[1]!, settings);
    } catch (error) {
      throw unauthenticated(`Access token rejected: ${(error as Error).message}`);
    }
  }
  const key = /^ApiKey (\S{1,200})$/.exec(authorization);
  if (key) {
    const viewer = await apiKey(key[1]!).catch(() => {
      throw new GraphQLError('Cannot check the API key right now', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, http: { status: 503 } } });
    });
    if (!viewer) throw unauthenticated('API key rejected');
    return viewer;
  }
  throw unauthenticated('Authorization must be "Bearer <access token>" or "ApiKey <key>"');
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } } });

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * Forwards the correlation id to every subgraph call; fetches through the subgraph's guard
 * (deadline and circuit breaker, ./subgraph-guard.ts), whose failures reach the client as
 * SUBGRAPH_UNAVAILABLE on this subgraph's fields only.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly guard: SubgraphGuard,
  ) {
    super({ url, fetcher: guard.fetch as unknown as Fetcher });
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      throw this.guard.toClientError(error);
    }
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('internalToken' in context)) return; // gateway health probes carry no request context
    request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
    request.http?.headers.set(INTERNAL_HEADER, await context.internalToken());
    // The request's trace continues in the subgraph (nothing is written while tracing is off).
    for (const [name, value] of Object.entries(injectTrace<Record<string, string>>({}))) request.http?.headers.set(name, value);
  }

  /**
   * A subgraph answers 400 when a variable fails its own coercion (the supergraph's custom scalars,
   * e.g. JSONObject, pass through the gateway unchecked). Hand the caller that BAD_USER_INPUT error
   * instead of the generic "400: Bad Request" internal error; anything else keeps the default.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 400) {
      const body: unknown = await this.parseBody(response.clone()).catch(() => undefined);
      const first = (body as { errors?: { message?: unknown; extensions?: { code?: unknown } }[] } | undefined)?.errors?.[0];
      if (first && typeof first.message === 'string' && first.extensions?.code === ErrorCode.BAD_USER_INPUT) {
        return new GraphQLError(first.message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
      }
    }
    return super.errorFromResponse(response);
  }
}

/** A subscription POSTed over HTTP: a clear 400 (the gateway's executor would answer 500). */
const subscriptionsOverHttpRefused: ApolloServerPlugin<GatewayContext> = {
  requestDidStart: async () => ({
    didResolveOperation: async ({ operation }) => {
      if (operation?.operation === 'subscription') {
        throw new GraphQLError('Subscriptions are served over graphql-ws (subprotocol graphql-transport-ws) on this same URL', {
          extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
        });
      }
    },
  }),
};

export async function createGateway(opts: GatewayOptions): Promise<GraphQLService> {
  const { logger, production } = opts;
  // Measured on this machine: node-fetch with a keep-alive agent costs about half the gateway
  // CPU of the default fetcher (see docs/performance.md).
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64, keepAliveMsecs: 10_000 });
  const guardSettings = { ...SUBGRAPH_GUARD_DEFAULTS, ...opts.subgraphGuard };
  const metrics = opts.metrics ?? createServiceMetrics({ service: 'gateway', region: opts.region, defaults: false });
  const gatewayMetrics = createGatewayMetrics(metrics);
  const guards = new Map(SUBGRAPHS.map((name) => [name, createSubgraphGuard({ name, agent, settings: guardSettings, logger, production, metrics: gatewayMetrics })]));

  const dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name }) => {
      const url = opts.subgraphUrls[name as SubgraphName];
      const guard = guards.get(name as SubgraphName);
      if (!url || !guard) throw new Error(`no URL configured for subgraph ${name}`);
      const source = new SubgraphDataSource(url, guard);
      dataSources.set(name, source);
      return source;
    },
    logger: logger.child({ component: 'apollo-gateway' }),
  });

  const apiKeys = apiKeyVerifier(opts.subgraphUrls.auth, opts.internalSecret, agent, opts.apiKeyCacheMs);
  const revocations: RevocationList = createRevocationList();
  const feed = opts.revocationFeed ? createRevocationFeed({ ...opts.revocationFeed, region: opts.region, list: revocations, logger }) : undefined;
  await feed?.start();
  const responseCache = opts.responseCache ? cacheFollowingCatalog(opts.responseCache, opts.region, logger) : undefined;
  const authenticate = async (authorization: string | undefined, correlationId: string): Promise<Viewer> => {
    const viewer = await viewerFrom(authorization, opts.keys, opts.tokenSettings ?? DEFAULT_TOKEN_SETTINGS, (key) => apiKeys.verify(key, correlationId));
    const revoked = viewer ? revocations.reasonRevoked({ viewer, issuedAt: issuedAtOf(authorization) }) : null;
    if (revoked) throw unauthenticated(revoked);
    return viewer;
  };
  const contextFor = (viewer: Viewer, correlationId: string, clientIp: string | null, requestLogger: Logger = logger.child({ correlationId })): GatewayContext => {
    let token: Promise<string> | undefined;
    return { correlationId, viewer, logger: requestLogger, internalToken: () => (token ??= signInternalToken(opts.internalSecret, viewer, correlationId, clientIp)) };
  };
  // Federated subscriptions: planned from the same supergraph, executed by the gateway's executor.
  const subscriptions = new SubscriptionEngine<GatewayContext>({
    gateway,
    dataSources,
    subgraphUrl: (name) => opts.subgraphUrls[name as SubgraphName],
    internalSecret: opts.internalSecret,
    contextFor: ({ viewer, correlationId, clientIp }) => contextFor(viewer, correlationId, clientIp),
    logger: logger.child({ component: 'subscriptions' }),
    ...(opts.subscriptionQueue ? { maxQueue: opts.subscriptionQueue } : {}),
    observeDelivery: (seconds) => metrics.deliveryLatency.observe(seconds),
  });
  const allowed = new Set(opts.corsOrigins);
  const limits = edgeLimitsOf(opts.limits);
  const limiter = countRefusals(opts.rateLimiter ?? memoryRateLimiter(), gatewayMetrics.rateLimited);
  // Every limit, rule, input check and error mask: one pipeline for HTTP and graphql-ws.
  const pipeline = createEdgePipeline(limits, production);
  const rateLimit: RequestBudget = {
    limiter,
    perIp: limits.perIp,
    perRole: limits.perRole,
    windowSeconds: limits.windowSeconds,
    apiKeyDefaults: { perMinute: limits.apiKeyPerMinute, perHour: limits.apiKeyPerHour },
    apiKeyLimits: apiKeys.rateLimitOf,
  };
  const service = await createGraphQLService<GatewayContext>({
    name: `gateway-${opts.region}`,
    logger,
    production,
    gateway,
    bodyLimit: opts.bodyLimit ?? '256kb',
    metrics,
    ...(opts.ops ? { ops: opts.ops } : {}),
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    context: async ({ req, correlationId, clientIp, logger: requestLogger }) => {
      // The policies counted so far reach the response as RateLimit headers, refusals included.
      const usage: PolicyUsage[] = [];
      try {
        await countAddress(rateLimit, clientIp, usage);
        const viewer = await authenticate(req.headers.authorization, correlationId);
        await countUser(rateLimit, viewer, usage);
        return contextFor(viewer, correlationId, clientIp, requestLogger);
      } finally {
        for (const [name, value] of rateLimitHeaders(usage)) req.res?.setHeader(name, value);
      }
    },
    configure: (app) => {
      app.get('/.well-known/jwks.json', (_req, res) => void res.set('cache-control', 'public, max-age=300').json(opts.keys.jwks));
      // Payment providers' webhooks, relayed to orders (signed by the provider; outside the GraphQL limits).
      mountWebhookProxy(app, { ordersUrl: opts.subgraphUrls.orders, logger, agent, limiter });
    },
    // The pipeline's plugin first: its checks run before any other plugin reads the variables.
    plugins: [pipeline.apolloPlugin, subscriptionsOverHttpRefused, ...(responseCache ? [responseCache.cache.plugin] : []), ...(production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })])],
    validationRules: pipeline.validationRules,
    parseOptions: pipeline.parseOptions,
    graphqlMiddleware: [
      cors({
        origin: (origin, done) => done(null, !origin || allowed.has(origin)),
        methods: ['GET', 'POST', 'OPTIONS'],
        allowedHeaders: ['content-type', 'authorization', CORRELATION_HEADER, 'apollo-require-preflight', 'x-apollo-operation-name'],
        exposedHeaders: [CORRELATION_HEADER, 'retry-after', 'ratelimit', 'ratelimit-policy', 'x-cache'],
        maxAge: 600,
      }),
    ],
    ...(opts.safelist ? { parsedBodyMiddleware: [safelistMiddleware(opts.safelist)] } : {}),
    // Each subgraph's health, and its breaker while open (its fields fail fast until the probe).
    readiness: SUBGRAPHS.map((name) => ({
      name,
      check: async () => {
        const health = await nodeFetch(opts.subgraphUrls[name].replace(/\/graphql$/, '/healthz'), { agent, timeout: 1500 }).then(
          (res) => (res.ok ? null : `HTTP ${res.status}`),
          (error: Error) => error.message,
        );
        const breaker = guards.get(name)!.snapshot();
        const open = breaker.state === 'open' ? `circuit breaker open after ${breaker.recentFailures} failures, probe in ${Math.ceil((breaker.retryInMs ?? 0) / 1000)} s` : null;
        const problems = [health, open].filter((p) => p !== null);
        if (problems.length > 0) throw new Error(problems.join('; '));
      },
    })),
  });
  const ws = attachWebSocketServer({
    httpServer: service.httpServer,
    apollo: service.apollo,
    logger,
    authenticate,
    contextFor: (viewer, correlationId, clientIp) => contextFor(viewer, correlationId, clientIp),
    pipeline,
    rateLimit,
    clientIpOf: clientIpResolver(service.app),
    formatError: createFormatError(logger, production),
    engine: subscriptions as SubscriptionEngine<unknown>,
    revocations,
    limits: { ...opts.wsLimits, ...(opts.wsInitTimeoutMs ? { initTimeoutMs: opts.wsInitTimeoutMs } : {}) },
    ...(opts.safelist ? { safelist: opts.safelist } : {}),
  });
  metrics.beforeScrape(metrics.sockets, () => metrics.sockets.set(ws.sockets()));
  metrics.beforeScrape(metrics.subscriptions, () => metrics.subscriptions.set(subscriptions.stats.subscribers));
  const close = service.close;
  return { ...service, close: async () => (await feed?.stop(), await responseCache?.stop(), await ws.close(), await close(), agent.destroy(), await limiter.close()) };
}
