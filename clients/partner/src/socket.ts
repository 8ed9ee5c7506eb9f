/**
 * The live connection: graphql-ws on the gateway's own URL (http -> ws), the API key in
 * `connection_init`, reconnection with exponential backoff and full jitter (graphql-ws subscribes
 * every running stream again once the new socket is acknowledged), and a keep-alive that ends a
 * socket whose peer stopped answering, so that a half-open connection is noticed and replaced.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { backoffDelay, isFatalCloseCode, type BackoffOptions } from './backoff';
import { type PartnerStatus } from './status';

export interface SocketOptions {
  endpoint: string;
  apiKey: string;
  webSocketImpl: unknown;
  backoff: BackoffOptions;
  /** Reconnection attempts in a row before the streams fail (Infinity: never give up). */
  retryAttempts: number;
  /** A protocol `ping` after this many ms of silence after the last `pong`. */
  keepAliveMs: number;
  /** No `pong` this long after a `ping`: the socket is dropped and replaced. */
  pongTimeoutMs: number;
  onStatus: (status: PartnerStatus) => void;
}

/** ws:// or wss:// for an http(s):// endpoint (a ws(s):// one is kept). */
function webSocketUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`unsupported endpoint protocol ${url.protocol}`);
  return url.toString();
}

function closeDetails(event: unknown): { code: number | null; reason: string } {
  if (typeof event !== 'object' || event === null) return { code: null, reason: String(event) };
  const { code, reason, message } = event as { code?: unknown; reason?: unknown; message?: unknown };
  return {
    code: typeof code === 'number' ? code : null,
    reason: typeof reason === 'string' && reason ? reason : typeof message === 'string' ? message : '',
  };
}

/** Whether graphql-ws may reconnect after this close event or connection error. */
function shouldReconnect(errorOrCloseEvent: unknown): boolean {
  const { code } = closeDetails(errorOrCloseEvent);
  // Anything that is not a close event (refused connection, DNS failure, reset) is transient.
  return code === null || !isFatalCloseCode(code);
}

export function createLiveConnection(options: SocketOptions): Client {
  let pongTimer: NodeJS.Timeout | undefined;
  // graphql-ws calls retryWait only when it is allowed to retry; `retries` restarts at 0 after a success.
  const retryWait = async (retries: number) => {
    const delayMs = backoffDelay(retries, options.backoff);
    options.onStatus({ type: 'retrying', attempt: retries + 1, delayMs });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  };
  const client: Client = createClient({
    url: webSocketUrl(options.endpoint),
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    connectionParams: { authorization: `ApiKey ${options.apiKey}` },
    lazy: true,
    retryAttempts: options.retryAttempts,
    retryWait,
    shouldRetry: shouldReconnect,
    keepAlive: options.keepAliveMs,
    connectionAckWaitTimeout: 10_000,
    on: {
      connecting: (isRetry) => options.onStatus({ type: 'connecting', retry: isRetry }),
      connected: (_socket, _payload, wasRetry) => options.onStatus({ type: 'connected', reconnected: wasRetry }),
      closed: (event) => {
        clearTimeout(pongTimer);
        options.onStatus({ type: 'disconnected', ...closeDetails(event) });
      },
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        // terminate() closes with 4499, which graphql-ws retries: a fresh socket replaces the silent one.
        pongTimer = setTimeout(() => client.terminate(), options.pongTimeoutMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });
  return client;
}
