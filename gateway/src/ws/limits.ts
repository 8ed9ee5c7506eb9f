/** Per-socket limits of the gateway's graphql-ws server (documented in docs/subscriptions.md). */
import type { WebSocket } from 'ws';
import { memoryRateLimiter } from '../rate-limit';
import { WsCloseCode } from '../subscriptions/close-codes';
import type { SocketCaps } from './sockets';

export interface WebSocketLimits extends SocketCaps {
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

export const WS_LIMITS: WebSocketLimits = {
  maxOperations: 20,
  maxSubscribesPerMinute: 120,
  maxBufferedBytes: 1024 * 1024,
  maxPayloadBytes: 64 * 1024,
  initTimeoutMs: 5_000,
  pingIntervalMs: 15_000,
  // A partner integration runs a few sockets per API key; a shop's NAT carries many shoppers.
  maxSocketsPerIdentity: 10,
  maxSocketsPerAddress: 200,
  maxConnectsPerAddressPerSecond: 50,
};

export interface OperationLimiter {
  /** Counts one `subscribe` on `socketId`; false past the rate a minute or past `running` operations at once. */
  admits(socketId: string, running: number): Promise<boolean>;
}

/** `subscribe` messages counted per socket in fixed one-minute windows; running operations capped. */
export function operationLimiter(limits: Pick<WebSocketLimits, 'maxOperations' | 'maxSubscribesPerMinute'>): OperationLimiter {
  const rate = memoryRateLimiter();
  return {
    async admits(socketId, running) {
      const { allowed } = await rate.hit(socketId, limits.maxSubscribesPerMinute, 60);
      return allowed && running <= limits.maxOperations;
    },
  };
}

/** Closes a socket past its operation limits (4429). */
export const closeTooManyOperations = (socket: WebSocket, limits: Pick<WebSocketLimits, 'maxOperations' | 'maxSubscribesPerMinute'>) =>
  socket.close(WsCloseCode.TooManySubscriptions, `Too many operations on this socket (at most ${limits.maxOperations} at once, ${limits.maxSubscribesPerMinute} a minute)`);

/** Closes the socket of a client that does not read fast enough (4413), once. */
export function closeSlowConsumer(socket: WebSocket, what: string, log: { info(obj: object, msg: string): void }): void {
  if (socket.readyState !== socket.OPEN) return;
  log.info({ buffered: socket.bufferedAmount }, `closing a slow subscriber (${what} full)`);
  socket.close(WsCloseCode.SlowConsumer, `Slow consumer: ${what} overflow`);
}
