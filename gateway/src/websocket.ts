/**
 * graphql-ws on the gateway's /graphql URL (same port as HTTP): the wiring of the pieces in ./ws/.
 * - admission (ws/connection.ts): authentication once, in `connection_init`
 *   (`{ authorization: "Bearer <token>" | "ApiKey <key>" }`; a bad credential closes with 4403);
 * - limits (ws/limits.ts): operations at once and `subscribe` messages a minute per socket (4429),
 *   message size (1009), send buffer and event queue (4413); sockets per address and per user or
 *   API key (4430), new sockets per address a second (4431) (ws/sockets.ts);
 * - every operation counts in the per-address, per-user and per-API-key rate limits of HTTP requests;
 * - operations (ws/operation.ts, ws/results.ts): the edge pipeline of HTTP requests (./edge/):
 *   the same parse limit, operation resolution, input checks, validation rules and error
 *   presentation; queries and mutations then run through Apollo Server like HTTP requests;
 * - subscriptions run on the federated subscription engine (./subscriptions/engine.ts), each
 *   subscriber's stream re-checking the credential for every event delivered (ws/stream.ts).
 * Close codes: ./subscriptions/close-codes.ts and docs/subscriptions.md.
 */
import type http from 'node:http';
import { GraphQLError, specifiedRules, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { Viewer } from '@miw/auth';
import { ErrorCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { sleep } from '@miw/retry';
import type { SubscriptionEngine } from './subscriptions/engine';
import type { SubscriberStream } from './subscriptions/stream';
import { admitConnection, subscriberOf, type ClientIpOf, type Connection } from './ws/connection';
import { identityKey, socketGuard } from './ws/sockets';
import { authorizationOf } from './ws/credential';
import type { EdgePipeline } from './edge/pipeline';
import { countAddress, countUser, type RequestBudget } from './rate-limit';
import { closeSlowConsumer, closeTooManyOperations, operationLimiter, WS_LIMITS, type WebSocketLimits } from './ws/limits';
import { prepareOperation } from './ws/operation';
import { executeThroughApollo, formatResult } from './ws/results';
import { guardedStream, type OpenStreams } from './ws/stream';
import type { RevocationList } from './revocation';
import { WsCloseCode } from './subscriptions/close-codes';

export interface WebSocketOptions {
  httpServer: http.Server;
  apollo: ApolloServer<BaseContext>;
  logger: Logger;
  /** Resolves the viewer of a credential (null: anonymous); throws when the credential is bad. */
  authenticate(authorization: string | undefined, correlationId: string): Promise<Viewer>;
  /** The per-operation context, as for HTTP requests. */
  contextFor(viewer: Viewer, correlationId: string, clientIp: string | null): BaseContext;
  /** The limits, rules, input checks and error presentation of HTTP requests (./edge/pipeline.ts). */
  pipeline: EdgePipeline;
  /** The per-address, per-user and per-API-key budgets of HTTP requests: every `subscribe` counts in them. */
  rateLimit: RequestBudget;
  /** The client address as HTTP requests see it (express's req.ip, 'trust proxy' honoured). */
  clientIpOf?: ClientIpOf;
  /** The same error formatting as HTTP responses (Apollo's formatError never sees socket traffic). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  engine: SubscriptionEngine<unknown>;
  limits?: Partial<WebSocketLimits>;
  /** Safelist mode: only these operations (SHA-256 of the text -> text) run over the socket too. */
  safelist?: Map<string, string>;
  /** Deactivations and rights changes: the sockets of the credentials they revoke are closed at once (4403). */
  revocations?: RevocationList;
}

/** How long shutdown waits for completed streams to flush before closing the sockets. */
const DRAIN_MS = 2_000;

const connectionOf = (contextValue: unknown) => (contextValue as { extra: Connection }).extra;

export function attachWebSocketServer(opts: WebSocketOptions): { sockets(): number; close(): Promise<void> } {
  const limits = { ...WS_LIMITS, ...opts.limits };
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: limits.maxPayloadBytes });
  const log = opts.logger.child({ component: 'graphql-ws' });
  const rules = [...specifiedRules, ...opts.pipeline.validationRules];
  const clientIpOf: ClientIpOf = opts.clientIpOf ?? ((request) => request.socket.remoteAddress ?? null);
  const limiter = operationLimiter(limits);
  const guard = socketGuard(limits, opts.rateLimit.limiter);
  // Errors leave as HTTP responses' do; `http` is Apollo's transport detail, not sent to clients.
  const present = (errors: readonly GraphQLError[]) =>
    opts.pipeline.present(errors, (e, message) => new GraphQLError(message, { nodes: e.nodes ?? null, path: e.path ?? null, extensions: e.extensions }))
      .map((e) => (e.extensions.http ? new GraphQLError(e.message, { nodes: e.nodes ?? null, path: e.path ?? null, extensions: { ...e.extensions, http: undefined } }) : e));
  // Registered before graphql-ws's own listener: a socket past the address caps is closed first.
  wss.on('connection', (socket, request) => {
    const address = clientIpOf(request) ?? 'unknown';
    void guard.admitAddress(socket, address).catch((error: unknown) => log.warn({ err: error }, 'socket admission failed'));
  });
  const streams: OpenStreams = new Set<SubscriberStream>();
  const admitted = new Set<Connection>();
  // A revoked credential's sockets close at once, not at their next event (which may never come).
  const unwatch = opts.revocations?.onChange(() => {
    for (const connection of admitted) {
      const viewer = connection.viewer;
      if (viewer && opts.revocations!.reasonRevoked({ viewer, issuedAt: connection.issuedAt })) {
        admitted.delete(connection);
        log.info({ userId: viewer.userId }, 'closing a socket whose credential was revoked');
        connection.socket.close(WsCloseCode.Forbidden, 'Forbidden: credential revoked');
      }
    }
  });

  const server = useServer<Record<string, unknown> | undefined, Connection>(
    {
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: async (ctx) => {
        const ok = await admitConnection(ctx.extra, ctx.connectionParams, opts.authenticate, log, clientIpOf);
        if (ok && !guard.admitIdentity(ctx.extra.socket, identityKey(ctx.extra.viewer ?? null, authorizationOf(ctx.connectionParams)))) return false;
        if (ok && ctx.extra.viewer) {
          admitted.add(ctx.extra);
          ctx.extra.socket.once('close', () => admitted.delete(ctx.extra));
        }
        return ok;
      },
      onSubscribe: async (ctx, _id, payload) => {
        if (!(await limiter.admits(ctx.extra.id ?? '', Object.keys(ctx.subscriptions).length))) {
          closeTooManyOperations(ctx.extra.socket, limits);
          return [new GraphQLError('Too many operations on this socket', { extensions: { code: ErrorCode.RATE_LIMITED } })];
        }
        try {
          // The HTTP buckets: a socket is not a way around the per-address, per-user and per-API-key limits.
          await countAddress(opts.rateLimit, ctx.extra.clientIp ?? null);
          await countUser(opts.rateLimit, ctx.extra.viewer ?? null);
        } catch (error) {
          return present([error as GraphQLError]);
        }
        const prepared = prepareOperation(payload, {
          maxTokens: opts.pipeline.parseOptions.maxTokens,
          safelist: opts.safelist,
          schema: () => opts.engine.schema,
          rules,
          resolve: opts.pipeline.resolve,
        });
        return Array.isArray(prepared) ? present(prepared) : prepared;
      },
      execute: (args): Promise<ExecutionResult> => {
        const connection = (args.contextValue as { extra?: Connection } | undefined)?.extra;
        return executeThroughApollo(opts.apollo, args, opts.contextFor(connection?.viewer ?? null, connection?.correlationId ?? 'ws', connection?.clientIp ?? null));
      },
      subscribe: (args) => {
        const connection = connectionOf(args.contextValue);
        const result = opts.engine.subscribe({
          document: args.document,
          operationName: args.operationName ?? null,
          variableValues: (args.variableValues as Record<string, unknown> | undefined) ?? null,
          subscriber: subscriberOf(connection),
          // The socket's writes are stuck (the client does not read): results pile up in the queue.
          onOverflow: () => closeSlowConsumer(connection.socket, 'event queue', log),
        });
        return 'next' in result ? guardedStream(result as SubscriberStream, connection.socket, connection.credential, streams) : (result as ExecutionResult);
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        if (ctx.extra.socket.bufferedAmount > limits.maxBufferedBytes) closeSlowConsumer(ctx.extra.socket, 'send buffer', log);
        const formatted = formatResult(result, opts.formatError);
        if (!formatted?.errors) return formatted;
        return { ...formatted, errors: opts.pipeline.present(formatted.errors, (e, message) => ({ ...e, message })) };
      },
      context: (ctx) => ({ extra: ctx.extra }),
    },
    wss,
    limits.pingIntervalMs,
  );
  return {
    /** Open sockets of this instance. */
    sockets: () => wss.clients.size,
    close: async () => {
      // Complete every subscription (clients get `complete`), then close the sockets (1001).
      unwatch?.();
      await opts.engine.close();
      const deadline = Date.now() + DRAIN_MS;
      while (streams.size > 0 && Date.now() < deadline) await sleep(20);
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
