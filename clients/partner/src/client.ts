/**
 * `createPartnerClient`: the partner SDK. Typed queries and mutations over HTTP, and live events
 * as typed async iterators over one graphql-ws connection, both authenticated with an API key.
 */
import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type BackoffOptions } from './backoff';
import {
  type AdjustInventoryInput,
  type OrderStatus,
  type PartnerAdjustInventoryMutation,
  type PartnerConfirmOrderMutation,
  type PartnerInventoryLevelFragment,
  type PartnerMarkOrderReadyMutation,
  type PartnerOrderFragment,
  type PartnerRecordTrackingEventMutation,
  type PartnerShipmentFragment,
  type PartnerStoreOrdersQuery,
  type PartnerVerifyShipmentMutation,
  type PartnerViewerQuery,
  type RecordTrackingEventInput,
  type ShipmentStatus,
  type VerifyShipmentInput,
} from './gql/graphql';
import { operationOf, postGraphQL } from './http';
import * as ops from './operations';
import { createLiveConnection } from './socket';
import { type PartnerStatus } from './status';
import { liveStream, type LiveStream } from './stream';

export interface PartnerClientOptions {
  /** The gateway's GraphQL URL, e.g. https://api.madeinworld.example/graphql (EU or CN). */
  endpoint: string;
  /** An API key (`miw_...`, from `createApiKey`). Never logged by the SDK. */
  apiKey: string;
  /** A WebSocket constructor (default: the `ws` package). */
  webSocketImpl?: unknown;
  /** Connection state changes (connecting, connected, disconnected, retrying, ...). */
  onStatus?: (status: PartnerStatus) => void;
  /** Reconnection backoff: full jitter over base * 2^attempt, capped (default 500 ms, 30 s). */
  backoff?: BackoffOptions;
  /** Reconnection attempts in a row before streams fail with NETWORK_ERROR (default: Infinity). */
  retryAttempts?: number;
  /** Keep-alive ping interval in ms (default 15 000) and how long to wait for its pong (default 5 000). */
  keepAliveMs?: number;
  pongTimeoutMs?: number;
  /** HTTP request timeout in ms (default 30 000). */
  requestTimeoutMs?: number;
  /** Events a stream holds for a slow reader before it fails (default 10 000). */
  maxBufferedEvents?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** One page of a list, with the cursor of its last item for the next page. */
export interface Page<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface PageArgs {
  /** Page size (the API caps it at 100). */
  first?: number;
  /** `endCursor` of the previous page. */
  after?: string | null;
}

export type Viewer = NonNullable<PartnerViewerQuery['me']>;
export type ShipmentPayload = PartnerRecordTrackingEventMutation['recordTrackingEvent'];
export type VerifyShipmentPayload = PartnerVerifyShipmentMutation['verifyShipment'];
export type AdjustInventoryPayload = PartnerAdjustInventoryMutation['adjustInventory'];
export type OrderPayload = PartnerConfirmOrderMutation['confirmOrder'] | PartnerMarkOrderReadyMutation['markOrderReady'];

export interface PartnerClient {
  /** Every change of every shipment the key's organization may see (a 3PL: those it carries). */
  shipments(): LiveStream<PartnerShipmentFragment>;
  /** Every change of a stock level of a store the key's organization runs. */
  inventory(storeId: string): LiveStream<PartnerInventoryLevelFragment>;
  /** New and changed orders of a store the key's organization runs. */
  orders(storeId: string): LiveStream<PartnerOrderFragment>;

  /** Who the key acts as (null for a key the gateway does not know). */
  viewer(): Promise<Viewer | null>;
  listShipments(args?: PageArgs & { status?: ShipmentStatus }): Promise<Page<PartnerShipmentFragment>>;
  shipment(id: string): Promise<PartnerShipmentFragment | null>;
  stockLevel(storeId: string, productId: string): Promise<PartnerInventoryLevelFragment | null>;
  storeOrders(storeId: string, args?: PageArgs & { status?: OrderStatus }): Promise<Page<PartnerOrderFragment> & { totalCount: number }>;
  order(id: string): Promise<PartnerOrderFragment | null>;
  /** Mutations (the key needs the `write` scope); expected failures are in the payload's `errors`. */
  recordTrackingEvent(input: RecordTrackingEventInput): Promise<ShipmentPayload>;
  verifyShipment(input: VerifyShipmentInput): Promise<VerifyShipmentPayload>;
  adjustInventory(input: AdjustInventoryInput): Promise<AdjustInventoryPayload>;
  confirmOrder(orderId: string): Promise<OrderPayload>;
  markOrderReady(orderId: string): Promise<OrderPayload>;

  /** Any typed operation over HTTP (documents made with GraphQL Code Generator). */
  request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<TData>;
  /** Any typed subscription as a stream of its data. */
  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables): LiveStream<TData>;
  /** Ends every stream and closes the socket. */
  close(): Promise<void>;
}

const page = <T>(connection: { edges: { node: T }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } }): Page<T> => ({
  items: connection.edges.map((e) => e.node),
  endCursor: connection.pageInfo.endCursor,
  hasNextPage: connection.pageInfo.hasNextPage,
});

export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  if (!options.endpoint) throw new TypeError('createPartnerClient: endpoint is required');
  if (!options.apiKey) throw new TypeError('createPartnerClient: apiKey is required');
  const onStatus = options.onStatus ?? (() => undefined);
  const backoff = options.backoff ?? {};
  const http = { endpoint: options.endpoint, apiKey: options.apiKey, timeoutMs: options.requestTimeoutMs ?? 30_000, fetch: options.fetch ?? globalThis.fetch };
  const socket = createLiveConnection({
    endpoint: options.endpoint,
    apiKey: options.apiKey,
    webSocketImpl: options.webSocketImpl,
    backoff,
    retryAttempts: options.retryAttempts ?? Infinity,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 5_000,
    onStatus,
  });
  const streams = new Set<LiveStream<unknown>>();

  const request = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables) => postGraphQL(http, document, variables);

  function stream<TData, TVariables, T>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, pick: (data: TData) => T): LiveStream<T> {
    const { query, operationName } = operationOf(document);
    const live = liveStream(socket, { query, ...(operationName ? { operationName } : {}), variables: variables as Record<string, unknown> }, pick, {
      backoff,
      onStatus,
      maxBuffered: options.maxBufferedEvents ?? 10_000,
    });
    // Forget the stream once its reader ends it, so close() only ends the running ones.
    const end = live.return.bind(live);
    live.return = () => {
      streams.delete(live);
      return end();
    };
    streams.add(live);
    return live;
  }

  return {
    shipments: () => stream(ops.ShipmentsSubscription, {}, (d) => d.myShipmentsUpdated),
    inventory: (storeId) => stream(ops.InventorySubscription, { storeId }, (d) => d.inventoryLevelChanged),
    orders: (storeId) => stream(ops.OrdersSubscription, { storeId }, (d) => d.storeOrdersUpdated),

    viewer: async () => (await request(ops.ViewerQuery, {})).me,
    listShipments: async ({ first, after, status } = {}) => page((await request(ops.ShipmentsQuery, { first, after, status })).shipments),
    shipment: async (id) => (await request(ops.ShipmentQuery, { id })).shipment,
    stockLevel: async (storeId, productId) => (await request(ops.StockLevelQuery, { storeId, productId })).inventoryLevel,
    storeOrders: async (storeId, { first, after, status } = {}) => {
      const connection: PartnerStoreOrdersQuery['storeOrders'] = (await request(ops.StoreOrdersQuery, { storeId, first, after, status })).storeOrders;
      return { ...page(connection), totalCount: connection.totalCount };
    },
    order: async (id) => (await request(ops.OrderQuery, { id })).order,
    recordTrackingEvent: async (input) => (await request(ops.RecordTrackingEventMutation, { input })).recordTrackingEvent,
    verifyShipment: async (input) => (await request(ops.VerifyShipmentMutation, { input })).verifyShipment,
    adjustInventory: async (input) => (await request(ops.AdjustInventoryMutation, { input })).adjustInventory,
    confirmOrder: async (orderId) => (await request(ops.ConfirmOrderMutation, { orderId })).confirmOrder,
    markOrderReady: async (orderId) => (await request(ops.MarkOrderReadyMutation, { orderId })).markOrderReady,

    request,
    subscribe: (document, variables) => stream(document, variables, (d) => d),
    close: async () => {
      for (const live of [...streams]) await live.return();
      await socket.dispose();
    },
  };
}
