/**
 * One Apollo Client per region: queries and mutations over HTTP, subscriptions over graphql-ws on
 * the same URL, the session's access token on both (header / `connection_init`), and one retry
 * after a refresh when the API answers UNAUTHENTICATED.
 */
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError, type TypePolicies } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { print } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { webSocketUrl, type ClientConfig, type RegionCode } from './config';
import { RefreshSessionDocument } from './operations';
import type { RefreshCall, SessionStore } from './session';

/** Close code the gateway uses for a refused credential (docs/subscriptions.md). */
const CREDENTIAL_REFUSED = 4403;

export interface RegionClient {
  region: RegionCode;
  apollo: ApolloClient;
  /** The graphql-ws connection (closed by `dispose`). */
  socket: WsClient;
  dispose(): void;
}

export interface CreateRegionClientOptions {
  config: ClientConfig;
  region: RegionCode;
  session: SessionStore;
  /** Cache to use (e.g. restored from storage); a new one with `typePolicies` otherwise. */
  cache?: InMemoryCache;
  typePolicies?: TypePolicies;
  /** WebSocket implementation outside browsers (Node: the `ws` package). */
  webSocketImpl?: unknown;
}

const isUnauthenticated = (error: unknown): boolean =>
  (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) || (ServerError.is(error) && error.statusCode === 401);

export function createRegionClient(opts: CreateRegionClientOptions): RegionClient {
  const { config, region, session } = opts;
  const uri = config.endpoints[region];
  const bearer = (token: string | null) => (token ? `Bearer ${token}` : undefined);

  const socket = createClient({
    url: webSocketUrl(uri),
    lazy: true,
    lazyCloseTimeout: 3_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    // Exponential backoff with full jitter, capped at 30 s.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(30_000, 500 * 2 ** retries))),
    connectionParams: () => {
      const authorization = bearer(session.accessToken);
      return authorization ? { authorization } : {};
    },
    on: {
      closed: (event) => {
        if ((event as { code?: number }).code === CREDENTIAL_REFUSED) void session.refresh(session.accessToken);
      },
    },
    ...(opts.webSocketImpl ? { webSocketImpl: opts.webSocketImpl } : {}),
  });

  const authLink = new ApolloLink((operation, forward) => {
    const authorization = bearer(session.accessToken);
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, ...(authorization ? { authorization } : {}) },
    }));
    return forward(operation);
  });

  // UNAUTHENTICATED with a session: refresh once (shared by concurrent requests), then retry.
  const refreshLink = new ErrorLink(({ error, operation, forward }) => {
    if (!isUnauthenticated(error) || !session.session || operation.getContext().retriedAfterRefresh) return;
    const stale = session.accessToken;
    return new Observable<ApolloLink.Result>((observer) => {
      let inner: { unsubscribe(): void } | undefined;
      session.refresh(stale).then(
        (token) => {
          if (!token) {
            observer.error(error);
            return;
          }
          operation.setContext({ retriedAfterRefresh: true, headers: { ...(operation.getContext().headers as object), authorization: `Bearer ${token}` } });
          inner = forward(operation).subscribe(observer);
        },
        (e: unknown) => observer.error(e),
      );
      return () => inner?.unsubscribe();
    });
  });

  const transport = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(socket),
    new HttpLink({ uri }),
  );

  const apollo = new ApolloClient({
    link: ApolloLink.from([refreshLink, authLink, transport]),
    cache: opts.cache ?? new InMemoryCache({ typePolicies: opts.typePolicies }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return {
    region,
    apollo,
    socket,
    dispose: () => {
      void socket.dispose();
      apollo.stop();
    },
  };
}

/** `refreshSession` over plain fetch against the issuing region (used by SessionStore). */
export function refreshOverHttp(config: ClientConfig, fetchImpl: typeof fetch = fetch): RefreshCall {
  return async (region, refreshToken) => {
    const res = await fetchImpl(config.endpoints[region], {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(RefreshSessionDocument), variables: { input: { refreshToken } } }),
    });
    if (!res.ok && res.status !== 400 && res.status !== 401) throw new Error(`refresh failed: HTTP ${res.status}`);
    const body = (await res.json()) as { data?: { refreshSession?: { accessToken?: string | null; refreshToken?: string | null } | null } };
    const payload = body.data?.refreshSession;
    return payload?.accessToken && payload.refreshToken ? { accessToken: payload.accessToken, refreshToken: payload.refreshToken } : null;
  };
}
