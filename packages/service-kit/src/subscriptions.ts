/**
 * Subgraph side of federated subscriptions: graphql-ws on the subgraph's own HTTP server and
 * `/graphql` path. Only the gateway may connect (a valid internal token in `connection_init`,
 * else close 4403); the gateway multiplexes every subscriber on one socket, so the principal of
 * each subscription is read from the internal token in the subscribe message's `extensions`
 * (`extensions["x-miw-internal"]`), never from the connection.
 */
import type http from 'node:http';
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { INTERNAL_HEADER, verifyInternalToken, type Viewer } from '@miw/auth';
import type { Logger } from '@miw/logging';
import { ErrorCode } from '@miw/contracts';

export interface SubscriptionInfo {
  viewer: Viewer;
  correlationId: string;
  clientIp: string | null;
  logger: Logger;
}

export interface SubgraphSubscriptionOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  internalSecret: string;
  logger: Logger;
  /** The context of one subscription (or operation) sent over the socket. */
  context(info: SubscriptionInfo): unknown;
  /** Largest accepted message, bytes (default 64 KiB; bigger: close 1009). */
  maxPayloadBytes?: number;
}

const refused = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })];

export function attachSubgraphSubscriptions(opts: SubgraphSubscriptionOptions): { close(): Promise<void> } {
  const log = opts.logger.child({ component: 'graphql-ws' });
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: opts.maxPayloadBytes ?? 64 * 1024 });
  const server = useServer(
    {
      schema: opts.schema,
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const token = ctx.connectionParams?.[INTERNAL_HEADER];
        if (typeof token !== 'string') return false;
        try {
          await verifyInternalToken(opts.internalSecret, token);
          return true;
        } catch {
          log.warn('subscription socket refused: not the gateway');
          return false;
        }
      },
      onSubscribe: async (_ctx, _id, payload) => {
        const token = payload.extensions?.[INTERNAL_HEADER];
        if (typeof token !== 'string') return refused('Each subscription must carry the gateway\'s internal token', 'UNAUTHENTICATED');
        let principal: Awaited<ReturnType<typeof verifyInternalToken>>;
        try {
          principal = await verifyInternalToken(opts.internalSecret, token);
        } catch {
          return refused('The internal token of this subscription is invalid', 'UNAUTHENTICATED');
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: 5_000 });
        } catch (error) {
          return refused((error as Error).message, 'GRAPHQL_PARSE_FAILED');
        }
        const errors = validate(opts.schema, document);
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
        if (!getOperationAST(document, payload.operationName ?? undefined)) return refused('Send exactly one operation, or name the one to run', 'BAD_REQUEST');
        const correlationId = principal.correlationId ?? 'subscription';
        return {
          schema: opts.schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: await opts.context({ viewer: principal.viewer, correlationId, clientIp: principal.clientIp, logger: opts.logger.child({ correlationId }) }),
        };
      },
    },
    wss,
  );
  return {
    close: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * The live event source of a subgraph's subscriptions, which exists once the service's workers
 * started (it needs the Kafka bus): SERVICE_UNAVAILABLE until then.
 */
export function liveSource<T>(live: () => T | undefined): () => T {
  return () => {
    const events = live();
    if (!events) throw new GraphQLError('Subscriptions are starting; retry shortly', { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });
    return events;
  };
}
