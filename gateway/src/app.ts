/**
 * The regional gateway: @apollo/gateway executing the committed supergraph, served by Apollo
 * Server with the same HTTP conventions as the subgraphs (service-kit). Routing URLs come from
 * configuration, so one supergraph file serves every region and test.
 */
import './telemetry-off';
import http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import cors from 'cors';
import nodeFetch from 'node-fetch';
import { CORRELATION_HEADER, type Logger } from '@miw/logging';
import { createGraphQLService, type GraphQLService } from '@miw/service-kit';
import { SUBGRAPHS, type SubgraphName } from './subgraphs';

export interface GatewayContext {
  correlationId: string;
  logger: Logger;
}

export interface GatewayOptions {
  region: 'eu' | 'cn';
  production: boolean;
  logger: Logger;
  supergraphSdl: string;
  subgraphUrls: Record<SubgraphName, string>;
  /** Origins allowed by CORS (browsers); requests without an Origin header are not affected. */
  corsOrigins: string[];
  bodyLimit?: string;
  /** Max sockets per subgraph in the keep-alive pool. */
  maxSockets?: number;
}

/** Forwards the correlation id to every subgraph call. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if ('correlationId' in context && context.correlationId) request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
  }
}

export async function createGateway(opts: GatewayOptions): Promise<GraphQLService> {
  const { logger, production } = opts;
  // Measured on this machine: node-fetch with a keep-alive agent costs about half the gateway
  // CPU of the default fetcher (see ../shared/notes/benchmarking.md).
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64, keepAliveMsecs: 10_000 });
  const fetcher = ((url: string, init?: object) => nodeFetch(url, { ...init, agent })) as unknown as ConstructorParameters<typeof RemoteGraphQLDataSource>[0] extends infer C ? (C extends { fetcher?: infer F } ? F : never) : never;

  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name }) => {
      const url = opts.subgraphUrls[name as SubgraphName];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new SubgraphDataSource({ url, fetcher });
    },
    logger: logger.child({ component: 'apollo-gateway' }),
  });

  const allowed = new Set(opts.corsOrigins);
  const service = await createGraphQLService<GatewayContext>({
    name: `gateway-${opts.region}`,
    logger,
    production,
    gateway,
    bodyLimit: opts.bodyLimit ?? '256kb',
    context: ({ correlationId, logger: requestLogger }) => ({ correlationId, logger: requestLogger }),
    plugins: production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })],
    graphqlMiddleware: [
      cors({
        origin: (origin, done) => done(null, !origin || allowed.has(origin)),
        methods: ['GET', 'POST', 'OPTIONS'],
        allowedHeaders: ['content-type', 'authorization', CORRELATION_HEADER, 'apollo-require-preflight', 'x-apollo-operation-name'],
        exposedHeaders: [CORRELATION_HEADER, 'retry-after'],
        maxAge: 600,
      }),
    ],
    readiness: SUBGRAPHS.map((name) => ({
      name,
      check: async () => {
        const res = await nodeFetch(opts.subgraphUrls[name].replace(/\/graphql$/, '/healthz'), { agent, timeout: 1500 });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      },
    })),
  });
  const close = service.close;
  return { ...service, close: async () => (await close(), agent.destroy()) };
}
