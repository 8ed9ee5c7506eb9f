/**
 * Caps on sockets, on top of the per-socket limits of ./limits.ts: sockets open at once per
 * address (checked on upgrade) and per user or API key (checked in connection_init, once the
 * credential is known), and new sockets per address per second (counted in the shared rate-limit
 * store, so every gateway instance sees them). Open sockets are counted per gateway instance.
 */
import { createHash } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Viewer } from '@miw/auth';
import type { RateLimiter } from '../rate-limit';
import { WsCloseCode } from '../subscriptions/close-codes';

export interface SocketCaps {
  /** Sockets open at once per user or API key (more: close 4430). */
  maxSocketsPerIdentity: number;
  /** Sockets open at once per client address (more: close 4430). */
  maxSocketsPerAddress: number;
  /** New sockets per client address per second (more: close 4431). */
  maxConnectsPerAddressPerSecond: number;
}

/** Open sockets per key; each socket is forgotten when it closes. */
class OpenCounts {
  private readonly counts = new Map<string, number>();

  /** Counts `socket` under `key`; false (and not counted) past `max`. */
  add(key: string, socket: WebSocket, max: number): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= max) return false;
    this.counts.set(key, n + 1);
    socket.once('close', () => {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    });
    return true;
  }
}

/** The identity whose sockets are counted together: the API key itself, or the user of a token. */
export function identityKey(viewer: Viewer, authorization: string | undefined): string | null {
  if (!viewer) return null;
  const apiKey = /^ApiKey (\S+)$/.exec(authorization ?? '')?.[1];
  // The key is hashed: raw API keys are not kept in memory longer than needed.
  return apiKey ? `key:${createHash('sha256').update(apiKey).digest('hex')}` : `user:${viewer.userId}`;
}

export function socketGuard(caps: SocketCaps, limiter: RateLimiter) {
  const byAddress = new OpenCounts();
  const byIdentity = new OpenCounts();
  return {
    /** On upgrade: false when the socket was closed (too many from this address, or too fast). */
    async admitAddress(socket: WebSocket, address: string): Promise<boolean> {
      if (!byAddress.add(address, socket, caps.maxSocketsPerAddress)) {
        socket.close(WsCloseCode.TooManySockets, `Too many sockets from this address (at most ${caps.maxSocketsPerAddress})`);
        return false;
      }
      const { allowed } = await limiter.hit(`ws-connect:${address}`, caps.maxConnectsPerAddressPerSecond, 1);
      if (!allowed) {
        socket.close(WsCloseCode.ConnectingTooFast, `Connecting too fast (at most ${caps.maxConnectsPerAddressPerSecond} new sockets a second from one address)`);
        return false;
      }
      return true;
    },
    /** In connection_init: false when the socket was closed (too many for this user or API key). */
    admitIdentity(socket: WebSocket, identity: string | null): boolean {
      if (identity === null || byIdentity.add(identity, socket, caps.maxSocketsPerIdentity)) return true;
      socket.close(WsCloseCode.TooManySockets, `Too many sockets for this user or API key (at most ${caps.maxSocketsPerIdentity})`);
      return false;
    },
  };
}
