/**
 * graphql-ws on the gateway's /graphql URL (same port as HTTP). Authentication happens once, in
 * `connection_init` (`{ authorization: "Bearer <token>" | "ApiKey <key>" }`; a bad credential closes
 * the socket with 4403). Queries and mutations sent over the socket run through Apollo Server
 * like HTTP requests (same limits, rules and error masking). Subscriptions run on the federated
 * subscription engine (./subscriptions/engine.ts), with the credential re-checked for every event
 * delivered. Close codes: ./subscriptions/close-codes.ts and docs/subscriptions.md.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { buildSchema, getOperationAST, GraphQLError, parse, print, specifiedRules, validate, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { Viewer } from '@miw/auth';
import { correlationIdFrom, type Logger } from '@miw/logging';
import { WsCloseCode } from './subscriptions/close-codes';
import { SubscriberOverflowError, type SubscriberStream, type SubscriptionEngine } from './subscriptions/engine';

export interface WebSocketLimits {
  /** Operations running at once on one socket (more: close 4429). */
  maxOperations: number;
  /** `subscribe` messages per socket per minute (more: close 4429). */
  maxSubscribesPerMinute: number;
  /** Bytes waiting in one socket's send buffer before the client counts as too slow (close 4413). */
  maxBufferedBytes: number;
  /** Largest accepted message, bytes (bigger: close 1009). */
  maxPayloadBytes: number;
  /** How long a socket may wait before connection_init (close 4408). */
  initTimeoutMs: number;
  /** Keep-alive ping interval (a peer that does not answer is dropped). */
  pingIntervalMs: number;
}

export const WS_LIMITS: WebSocketLimits = { maxOperations: 20, maxSubscribesPerMinute: 120, maxBufferedBytes: 1024 * 1024, maxPayloadBytes: 64 * 1024, initTimeoutMs: 5_000, pingIntervalMs: 15_000 };

export interface WebSocketOptions {
  httpServer: http.Server;
  apollo: ApolloServer<BaseContext>;
  logger: Logger;
  /** Resolves the viewer of a credential (null: anonymous); throws when the credential is bad. */
  authenticate(authorization: string | undefined, correlationId: string): Promise<Viewer>;
  /** The per-operation context, as for HTTP requests. */
  contextFor(viewer: Viewer, correlationId: string, clientIp: string | null): BaseContext;
  maxTokens: number;
  /** Validation rules of the edge (depth, aliases, cost), applied to subscriptions too. */
  validationRules: ValidationRule[];
  /** The same error formatting as HTTP responses (Apollo's formatError never sees socket traffic). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  engine: SubscriptionEngine<unknown>;
  limits?: Partial<WebSocketLimits>;
  /** Safelist mode: only these operations (SHA-256 of the text -> text) run over the socket too. */
  safelist?: Map<string, string>;
}

type Extra = {
  socket: WebSocket;
  request: http.IncomingMessage;
  viewer?: Viewer;
  correlationId?: string;
  clientIp?: string | null;
  /** Re-checks the connection's credential (per delivered event): an error once it is no longer valid. */
  credential?: () => Promise<GraphQLError | null>;
  /** Start of the current minute window and the subscribe messages in it. */
  window?: { start: number; count: number };
};

/** graphql-ws wants a schema in the execution arguments; execution itself is Apollo Server's. */
const PLACEHOLDER = buildSchema('type Query { _unused: Boolean }');

const wsError = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/** Codes of subscription stream errors, written for clients (docs/subscriptions.md): never masked. */
const STREAM_CODES = new Set(['SUBSCRIPTION_UPSTREAM_ERROR', 'SUBSCRIPTION_EVENT_FAILED', 'SERVICE_UNAVAILABLE']);

/** The `exp` claim of a JWT already verified by `authenticate` (seconds), or undefined. */
function expiryOf(authorization: string): number | undefined {
  const payload = /^Bearer [^.]+\.([^.]+)\./.exec(authorization)?.[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

export function attachWebSocketServer(opts: WebSocketOptions): { close(): Promise<void> } {
  const limits = { ...WS_LIMITS, ...opts.limits };
  const wss = new WebSocketServer({ server: opts.httpServer, path: '/graphql', maxPayload: limits.maxPayloadBytes });
  const log = opts.logger.child({ component: 'graphql-ws' });
  const rules = [...specifiedRules, ...opts.validationRules];
  const streams = new Set<SubscriberStream>();

  const slowConsumer = (socket: WebSocket, what: string) => {
    if (socket.readyState !== socket.OPEN) return;
    log.info({ buffered: socket.bufferedAmount }, `closing a slow subscriber (${what} full)`);
    socket.close(WsCloseCode.SlowConsumer, `Slow consumer: ${what} overflow`);
  };

  /** The credential of a connection, re-checked per event: JWT expiry; API keys re-verified (cached 30 s). */
  const credentialOf = (authorization: string | undefined, correlationId: string): (() => Promise<GraphQLError | null>) => {
    if (!authorization) return async () => null;
    const exp = expiryOf(authorization);
    if (exp !== undefined) return async () => (Date.now() >= exp * 1000 ? wsError('The access token expired; connect again with a fresh one', 'UNAUTHENTICATED') : null);
    return async () => {
      try {
        return (await opts.authenticate(authorization, correlationId)) ? null : wsError('The credential is no longer valid', 'UNAUTHENTICATED');
      } catch (error) {
        const code = (error as GraphQLError).extensions?.code;
        // The auth service not answering is not a revocation: keep streaming until it answers.
        return code === 'UNAUTHENTICATED' ? wsError('The API key was revoked or is no longer valid', 'UNAUTHENTICATED') : null;
      }
    };
  };

  /** Wraps a subscriber's stream: credential check per event, slow consumers closed with 4413. */
  const guarded = (stream: SubscriberStream, extra: Extra): AsyncIterableIterator<ExecutionResult> => {
    streams.add(stream);
    let refused = false;
    const stop = () => (streams.delete(stream), stream.return());
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      next: async () => {
        if (refused) {
          extra.socket.close(WsCloseCode.Forbidden, 'Credential no longer valid');
          return { value: undefined, done: true };
        }
        let item: IteratorResult<ExecutionResult>;
        try {
          item = await stream.next();
        } catch (error) {
          streams.delete(stream);
          if (error instanceof SubscriberOverflowError) return { value: undefined, done: true };
          throw error;
        }
        if (item.done) {
          streams.delete(stream);
          return item;
        }
        const denied = await extra.credential?.();
        if (denied) {
          // Tell the client why, then close the socket (on the next pull, after this is sent).
          refused = true;
          await stop();
          return { value: { errors: [denied] }, done: false };
        }
        return item;
      },
      return: async () => (await stop(), { value: undefined, done: true }),
      throw: async (error: unknown) => (await stop(), Promise.reject(error)),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  };

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: async (ctx) => {
        const extra = ctx.extra;
        extra.correlationId = correlationIdFrom(extra.request.headers);
        extra.clientIp = extra.request.socket.remoteAddress ?? null;
        const raw = ctx.connectionParams?.authorization;
        const authorization = typeof raw === 'string' ? raw : undefined;
        try {
          extra.viewer = await opts.authenticate(authorization, extra.correlationId);
          extra.credential = credentialOf(authorization, extra.correlationId);
          return true;
        } catch {
          log.info('websocket connection refused: bad credential');
          return false; // graphql-ws closes with 4403 Forbidden
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const now = Date.now();
        const window = (ctx.extra.window = ctx.extra.window && now - ctx.extra.window.start < 60_000 ? ctx.extra.window : { start: now, count: 0 });
        if (++window.count > limits.maxSubscribesPerMinute || Object.keys(ctx.subscriptions).length > limits.maxOperations) {
          ctx.extra.socket.close(WsCloseCode.TooManySubscriptions, `Too many operations on this socket (at most ${limits.maxOperations} at once, ${limits.maxSubscribesPerMinute} a minute)`);
          return [wsError('Too many operations on this socket', 'RATE_LIMITED')];
        }
        if (opts.safelist && !opts.safelist.has(createHash('sha256').update(payload.query).digest('hex'))) {
          return [new GraphQLError('This operation is not in the safelist', { extensions: { code: 'FORBIDDEN', reason: 'OPERATION_NOT_SAFELISTED' } })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: opts.maxTokens });
        } catch (error) {
          return [wsError((error as Error).message, 'GRAPHQL_PARSE_FAILED')];
        }
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [wsError('Send exactly one operation, or name the one to run', 'BAD_REQUEST')];
        const variableValues = payload.variables ?? undefined;
        const operationName = payload.operationName ?? undefined;
        if (operation.operation !== 'subscription') return { schema: PLACEHOLDER, document, variableValues, operationName };
        const schema = opts.engine.schema;
        if (!schema) return [wsError('The gateway is starting; retry shortly', 'SERVICE_UNAVAILABLE')];
        const errors = validate(schema, document, rules);
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: (e.extensions.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED' } }));
        return { schema, document, variableValues, operationName };
      },
      execute: async (args): Promise<ExecutionResult> => {
        const extra = (args.contextValue as { extra?: Extra } | undefined)?.extra;
        const response = await opts.apollo.executeOperation(
          { query: print(args.document), variables: (args.variableValues as Record<string, unknown>) ?? {}, operationName: args.operationName ?? undefined },
          { contextValue: opts.contextFor(extra?.viewer ?? null, extra?.correlationId ?? 'ws', extra?.clientIp ?? null) },
        );
        if (response.body.kind !== 'single') return { errors: [wsError('Incremental delivery is not supported over this socket', 'BAD_REQUEST')] };
        const { data, errors } = response.body.singleResult;
        // graphql-ws serializes GraphQLError instances: rebuild Apollo's formatted errors as such.
        return { data: data ?? null, ...(errors ? { errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {}, ...(e.path ? { path: e.path } : {}) })) } : {}) };
      },
      subscribe: (args) => {
        const extra = (args.contextValue as { extra: Extra }).extra;
        const result = opts.engine.subscribe({
          document: args.document,
          operationName: args.operationName ?? null,
          variableValues: (args.variableValues as Record<string, unknown> | undefined) ?? null,
          subscriber: { viewer: extra.viewer ?? null, correlationId: extra.correlationId ?? 'ws', clientIp: extra.clientIp ?? null },
          // The socket's writes are stuck (the client does not read): results pile up in the queue.
          onOverflow: () => slowConsumer(extra.socket, 'event queue'),
        });
        return 'next' in result ? guarded(result as SubscriberStream, extra) : (result as ExecutionResult);
      },
      onNext: (ctx, _id, _payload, _args, result): FormattedExecutionResult | undefined => {
        if (ctx.extra.socket.bufferedAmount > limits.maxBufferedBytes) slowConsumer(ctx.extra.socket, 'send buffer');
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((e) => (STREAM_CODES.has(e.extensions.code as string) ? e.toJSON() : opts.formatError(e.toJSON(), e))) };
      },
      context: (ctx) => ({ extra: ctx.extra }),
    },
    wss,
    limits.pingIntervalMs,
  );
  return {
    close: async () => {
      // Complete every subscription (clients get `complete`), then close the sockets (1001).
      await opts.engine.close();
      const deadline = Date.now() + 2_000;
      while (streams.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
