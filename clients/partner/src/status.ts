/** What the live connection is doing, for `onStatus` (the CLI prints these to stderr). */
import { type GraphQLFormattedError } from 'graphql';

export type PartnerStatus =
  /** Opening the WebSocket (`retry`: after a lost connection). */
  | { type: 'connecting'; retry: boolean }
  /**
   * connection_ack received. `reconnected`: this replaces a lost connection and the streams were
   * subscribed again; events in between were not delivered (at most once): re-read the state.
   */
  | { type: 'connected'; reconnected: boolean }
  /** The socket closed (1006: dropped without a close frame; 4499: closed by the SDK's keep-alive). */
  | { type: 'disconnected'; code: number | null; reason: string }
  /** Waiting before reconnection attempt `attempt` (1 for the first). */
  | { type: 'retrying'; attempt: number; delayMs: number }
  /** The server ended one stream (shutdown or a retryable error): subscribing again after `delayMs`. */
  | { type: 'resubscribing'; operation: string; reason: string; delayMs: number }
  /** An event arrived with errors besides its data (e.g. a field another service could not resolve). */
  | { type: 'partial'; operation: string; errors: readonly GraphQLFormattedError[] };
