/**
 * HTTP server of a GraphQL service: Apollo Server on express, `/healthz` (the process is up),
 * `/readyz` (its dependencies answer), a body size limit, the operator endpoints (./ops.ts), and a
 * clean close. Services listen on 127.0.0.1 unless told otherwise.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptionsWithGateway, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import express, { type Request } from 'express';
import { GraphQLError } from 'graphql';
import { INTERNAL_HEADER, verifyInternalToken, type Viewer } from '@miw/auth';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { ErrorCode } from '@miw/contracts';
import { CORRELATION_HEADER, correlationIdFrom, type Logger } from '@miw/logging';
import type { ServiceMetrics } from '@miw/observability';
import { createFormatError } from './errors';
import { listenOn } from './listen';
import { observeRequests, operationMetricsPlugin } from './observe';
import { createOpsEndpoints, type OpsEndpoints, type OpsSettings } from './ops';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface RequestInfo {
  req: Request;
  correlationId: string;
  logger: Logger;
  /** The caller, as asserted by the gateway's internal token (subgraphs); null when anonymous. */
  viewer: Viewer;
  /** The client's address: the socket's at the gateway, the gateway's assertion in a subgraph. */
  clientIp: string | null;
}

export interface GraphQLServiceOptions<Ctx extends BaseContext> {
  name: string;
  logger: Logger;
  production: boolean;
  context(info: RequestInfo): Promise<Ctx> | Ctx;
  /** A subgraph schema; or use `gateway` for the supergraph. */
  schema?: GraphQLSchema;
  gateway?: ApolloServerOptionsWithGateway<Ctx>['gateway'];
  readiness?: ReadinessCheck[];
  bodyLimit?: string;
  plugins?: ApolloServerPlugin<Ctx>[];
  /** Extra validation rules (the gateway's depth, alias, directive and cost limits). */
  validationRules?: ValidationRule[];
  /** Parser options (the gateway's token limit). */
  parseOptions?: { maxTokens?: number };
  /** Extra routes or middleware, mounted before /graphql. */
  configure?(app: express.Express): void;
  /** express 'trust proxy': which proxies may set X-Forwarded-For (default: none). */
  trustProxy?: boolean | number | string;
  /**
   * Subgraphs: the secret of the gateway's internal token. Every GraphQL request must carry a
   * valid one (UNAUTHENTICATED otherwise): subgraphs never trust the network.
   */
  internalSecret?: string;
  /** Middleware placed in front of /graphql (CORS, ...). */
  graphqlMiddleware?: express.RequestHandler[];
  /** Middleware between the JSON body parser and Apollo Server (the safelist). */
  parsedBodyMiddleware?: express.RequestHandler[];
  /** The internal listener of the operator endpoints (default: none; outside production they are also on the public port). */
  ops?: OpsSettings;
  /** The process's metrics: request and operation RED recorded here, served at the ops endpoints' /metrics. */
  metrics?: ServiceMetrics;
}

export interface GraphQLService {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<BaseContext>;
  /** The operator endpoints: register /metrics and the like on `ops.router`. */
  ops: OpsEndpoints;
  /** Listens on `port` (default host 127.0.0.1), then starts the ops listener if configured. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Error codes counted by name in miw_graphql_errors_total (any other: OTHER). */
const KNOWN_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
]);

export async function createGraphQLService<Ctx extends BaseContext>(opts: GraphQLServiceOptions<Ctx>): Promise<GraphQLService> {
  const { name, logger, production } = opts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000; // longer than the gateway's agent keeps idle sockets
  const { metrics } = opts;
  // First: every request is counted and, with tracing on, continues its caller's trace.
  if (metrics) app.use(observeRequests(metrics));

  const apollo = new ApolloServer<Ctx>({
    ...(opts.gateway ? { gateway: opts.gateway } : { schema: opts.schema! }),
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    formatError: createFormatError(logger, production),
    ...(opts.validationRules ? { validationRules: opts.validationRules } : {}),
    ...(opts.parseOptions ? { parseOptions: opts.parseOptions } : {}),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Federated inline traces (ftv1), for tooling reading them through the gateway: computed
      // only when the request asks (apollo-federation-include-trace), and a subgraph answers the
      // gateway only (internal token). Errors in them are masked in production, as in responses.
      ...(opts.gateway ? [] : [ApolloServerPluginInlineTrace({ includeErrors: production ? { masked: true } : { unmodified: true } })]),
      ...(metrics ? [operationMetricsPlugin<Ctx>(metrics, KNOWN_CODES)] : []),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []), ...(opts.plugins ?? [])],
  } as ConstructorParameters<typeof ApolloServer<Ctx>>[0]);
  await apollo.start();

  mountHealth(app, name, opts.readiness ?? []);
  const ops = createOpsEndpoints(name, opts.ops ?? {}, { production, logger });
  if (metrics) {
    ops.router.get('/metrics', async (_req, res) => {
      res.set('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  ops.mountPublic(app);
  opts.configure?.(app);

  app.use(
    '/graphql',
    ...(opts.graphqlMiddleware ?? []),
    express.json({ limit: opts.bodyLimit ?? '1mb' }),
    ...(opts.parsedBodyMiddleware ?? []),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const correlationId = correlationIdFrom(req.headers);
        req.res?.setHeader(CORRELATION_HEADER, correlationId);
        let viewer: Viewer = null;
        // req.ip honours express's 'trust proxy' (set by the gateway behind a load balancer).
        let clientIp: string | null = req.ip ?? req.socket.remoteAddress ?? null;
        if (opts.internalSecret !== undefined) {
          const token = req.headers[INTERNAL_HEADER];
          if (typeof token !== 'string') throw notFromGateway();
          ({ viewer, clientIp } = await verifyInternalToken(opts.internalSecret, token).catch(() => Promise.reject(notFromGateway())));
        }
        return opts.context({ req, correlationId, viewer, clientIp, logger: logger.child({ correlationId }) });
      },
    }),
  );
  // Body parser and other middleware errors (too large, malformed JSON) as GraphQL-shaped errors.
  app.use((err: { status?: number; type?: string; message?: string }, _req: Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? 500;
    const code = err.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    if (status >= 500) logger.error({ err }, 'request failed');
    const message = status < 500 ? (err.type === 'entity.too.large' ? 'Request body too large' : err.message ?? 'Bad request') : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  return {
    app,
    httpServer,
    apollo: apollo as unknown as ApolloServer<BaseContext>,
    ops,
    listen: async (port, host = '127.0.0.1') => {
      await listenOn(httpServer, port, host, name);
      await ops.listen();
      return (httpServer.address() as AddressInfo).port;
    },
    close: async () => {
      await ops.close();
      await apollo.stop(); // drains the HTTP server (ApolloServerPluginDrainHttpServer)
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}

/** `/healthz`: the process answers. `/readyz`: every dependency answers (503 with details if not). */
export function mountHealth(app: express.Express, name: string, readiness: ReadinessCheck[]): void {
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok', service: name }));
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.all(
      readiness.map(async (c) => {
        try {
          await withTimeout(c.check(), 2000, `${c.name} check timed out`);
          return [c.name, 'ok'] as const;
        } catch (error) {
          return [c.name, (error as Error).message || 'failed'] as const;
        }
      }),
    );
    const ready = checks.every(([, s]) => s === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', service: name, checks: Object.fromEntries(checks) });
  });
}

export interface HealthServerOptions {
  name: string;
  readiness: ReadinessCheck[];
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  production: boolean;
  logger: Logger;
  /** The internal listener of the operator endpoints. */
  ops?: OpsSettings;
  /** Registers the operator routes (the sync worker's /metrics and /status) on the internal router. */
  opsRoutes?(router: express.Router): void;
}

/** A bare HTTP server with the health endpoints, for processes that serve no GraphQL (workers). */
export async function startHealthServer(opts: HealthServerOptions): Promise<{ port: number; opsPort: number | undefined; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  mountHealth(app, opts.name, opts.readiness);
  const ops = createOpsEndpoints(opts.name, opts.ops ?? {}, opts);
  opts.opsRoutes?.(ops.router);
  ops.mountPublic(app);
  const server = http.createServer(app);
  await listenOn(server, opts.port, opts.host ?? '127.0.0.1', opts.name);
  try {
    await ops.listen();
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    opsPort: ops.port(),
    close: async () => {
      await ops.close();
      await new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
    },
  };
}

function notFromGateway(): GraphQLError {
  return new GraphQLError('This service answers the gateway only', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
