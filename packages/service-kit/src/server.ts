/**
 * HTTP server of a GraphQL service: Apollo Server on express, `/healthz` (the process is up),
 * `/readyz` (its dependencies answer), a body size limit, and a clean close.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerOptionsWithGateway, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type Request } from 'express';
import { GraphQLError } from 'graphql';
import { INTERNAL_HEADER, verifyInternalToken, type Viewer } from '@miw/auth';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { CORRELATION_HEADER, correlationIdFrom, type Logger } from '@miw/logging';
import { createFormatError } from './errors';

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
}

export interface GraphQLService {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<BaseContext>;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
  ) {
    super(`${service}: port ${port} is already in use (set another port in the environment, or stop what holds it)`);
    this.name = 'PortInUseError';
  }
}

export async function createGraphQLService<Ctx extends BaseContext>(opts: GraphQLServiceOptions<Ctx>): Promise<GraphQLService> {
  const { name, logger, production } = opts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000; // longer than the gateway's agent keeps idle sockets

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
      // Inline (federated) tracing costs CPU on every request; we trace with OpenTelemetry instead.
      ...(opts.gateway ? [] : [ApolloServerPluginInlineTraceDisabled()]),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []), ...(opts.plugins ?? [])],
  } as ConstructorParameters<typeof ApolloServer<Ctx>>[0]);
  await apollo.start();

  mountHealth(app, name, opts.readiness ?? []);
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
    listen: (port, host = '0.0.0.0') =>
      new Promise<number>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(name, port) : error);
        httpServer.once('error', onError);
        httpServer.listen(port, host, () => {
          httpServer.off('error', onError);
          resolve((httpServer.address() as AddressInfo).port);
        });
      }),
    close: async () => {
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

/** A bare HTTP server with the health endpoints, for processes that serve no GraphQL (workers). */
export async function startHealthServer(
  name: string,
  readiness: ReadinessCheck[],
  port: number,
  host = '0.0.0.0',
  /** Extra routes on the same port (the sync worker's /metrics). */
  mount?: (app: express.Express) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  mountHealth(app, name, readiness);
  mount?.(app);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(name, port) : error));
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
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
