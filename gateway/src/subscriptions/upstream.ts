/**
 * Upstream: the primary fetch of a subscription is sent over graphql-ws to the owning subgraph,
 * one socket per subgraph per gateway instance, authenticated with the gateway's internal token.
 */
import { createClient, type Client, type Sink, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';
import { INTERNAL_HEADER, signInternalToken } from '@miw/auth';
import type { Logger } from '@miw/logging';

export interface UpstreamOptions {
  /** The HTTP URL of a subgraph (its graphql-ws endpoint is the same URL). */
  subgraphUrl(name: string): string;
  internalSecret: string;
  logger: Logger;
}

/** The graphql-ws URL of a subgraph's HTTP URL. */
const wsUrlOf = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** One multiplexed graphql-ws client per subgraph, opened on first use. */
export class UpstreamPool {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly opts: UpstreamOptions) {}

  /** Subscribes to `serviceName`; returns the unsubscribe. */
  subscribe(serviceName: string, payload: SubscribePayload, sink: Sink): () => void {
    return this.client(serviceName).subscribe(payload, sink);
  }

  private client(serviceName: string): Client {
    let client = this.clients.get(serviceName);
    if (!client) {
      const log = this.opts.logger.child({ component: 'subscriptions-upstream', serviceName });
      client = createClient({
        url: wsUrlOf(this.opts.subgraphUrl(serviceName)),
        webSocketImpl: WebSocket,
        connectionParams: async () => ({ [INTERNAL_HEADER]: await signInternalToken(this.opts.internalSecret, null, 'gateway-subscriptions') }),
        lazy: true,
        lazyCloseTimeout: 5_000,
        keepAlive: 10_000,
        // No silent reconnect: events committed during the gap would be lost unnoticed. Every
        // subscriber gets SUBSCRIPTION_UPSTREAM_ERROR instead, resubscribes and refetches.
        retryAttempts: 0,
        on: { closed: (event) => log.debug({ code: (event as { code?: number }).code }, 'upstream socket closed') },
      });
      this.clients.set(serviceName, client);
    }
    return client;
  }

  /** Closes every upstream socket. */
  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.dispose()));
    this.clients.clear();
  }
}
