/**
 * graphql-ws on the gateway's /graphql URL (same port as HTTP). Authentication happens once, in
 * `connection_init` (`{ authorization: "Bearer <token>" | "ApiKey <key>" }`; a bad credential closes
 * the socket with 4403). Queries and mutations sent over the socket run through Apollo Server
 * like HTTP requests (same limits, rules and error masking). Federated subscriptions are served
 * by the supply-chain issue; until then a subscription operation gets a clear error.
 */
import type http from 'node:http';
import { buildSchema, getOperationAST, GraphQLError, parse, print, type DocumentNode, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { Viewer } from '@miw/auth';
import { correlationIdFrom, type Logger } from '@miw/logging';

export interface WebSocketOptions {
  httpServer: http.Server;
  apollo: ApolloServer<BaseContext>;
  logger: Logger;
  /** Resolves the viewer of a credential (null: anonymous); throws when the credential is bad. */
  authenticate(authorization: string | undefined, correlationId: string): Promise<Viewer>;
  /** The per-operation context, as for HTTP requests. */
  contextFor(viewer: Viewer, correlationId: string, clientIp: string | null): BaseContext;
  maxTokens: number;
  initTimeoutMs?: number;
  /** Largest accepted message, bytes (bigger: close 1009). */
  maxPayloadBytes?: number;
}

type Extra = {
  viewer?: Viewer;
  correlationId?: string;
  clientIp?: string | null;
};

/** graphql-ws wants a schema in the execution arguments; execution itself is Apollo Server's. */
const PLACEHOLDER = buildSchema('type Query { _unused: Boolean }');

const wsError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

export function attachWebSocketServer(opts: WebSocketOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: opts.maxPayloadBytes ?? 64 * 1024 });
  const log = opts.logger.child({ component: 'graphql-ws' });
  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: opts.initTimeoutMs ?? 5_000,
      onConnect: async (ctx) => {
        const extra = ctx.extra as unknown as Extra & { request: http.IncomingMessage };
        extra.correlationId = correlationIdFrom(extra.request.headers);
        extra.clientIp = extra.request.socket.remoteAddress ?? null;
        const authorization = ctx.connectionParams?.authorization;
        try {
          extra.viewer = await opts.authenticate(typeof authorization === 'string' ? authorization : undefined, extra.correlationId);
          return true;
        } catch {
          log.info('websocket connection refused: bad credential');
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: opts.maxTokens });
        } catch (error) {
          return [wsError((error as Error).message, 'GRAPHQL_PARSE_FAILED')];
        }
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [wsError('Send exactly one operation, or name the one to run', 'BAD_REQUEST')];
        if (operation.operation === 'subscription') return [wsError('Subscriptions are not served yet on this gateway', 'BAD_REQUEST')];
        return { schema: PLACEHOLDER, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined };
      },
      execute: async (args): Promise<ExecutionResult> => {
        const extra = (args.contextValue as { extra?: Extra } | undefined)?.extra ?? {};
        const response = await opts.apollo.executeOperation(
          { query: print(args.document), variables: (args.variableValues as Record<string, unknown>) ?? {}, operationName: args.operationName ?? undefined },
          { contextValue: opts.contextFor(extra.viewer ?? null, extra.correlationId ?? 'ws', extra.clientIp ?? null) },
        );
        if (response.body.kind !== 'single') return { errors: [wsError('Incremental delivery is not supported over this socket', 'BAD_REQUEST')] };
        const { data, errors } = response.body.singleResult;
        // graphql-ws serializes GraphQLError instances: rebuild Apollo's formatted errors as such.
        return { data: data ?? null, ...(errors ? { errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {}, ...(e.path ? { path: e.path } : {}) })) } : {}) };
      },
      context: (ctx) => ({ extra: ctx.extra }),
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
