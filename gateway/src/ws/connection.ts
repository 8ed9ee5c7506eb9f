/** What the gateway keeps per graphql-ws connection, and its admission in connection_init. */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Express } from 'express';
import type { WebSocket } from 'ws';
import type { Viewer } from '@miw/auth';
import { correlationIdFrom } from '@miw/logging';
import { issuedAtOf } from '../revocation';
import { authorizationOf, credentialCheck, type Authenticate, type CredentialCheck } from './credential';

/** graphql-ws's per-connection `extra`: the socket and request, then what admission learnt. */
export type Connection = {
  socket: WebSocket;
  request: http.IncomingMessage;
  /** Names this socket in the per-socket rate limit. */
  id?: string;
  viewer?: Viewer;
  correlationId?: string;
  clientIp?: string | null;
  /** Re-checks the connection's credential (per delivered event): an error once it is no longer valid. */
  credential?: CredentialCheck;
  /** `iat` of the access token (seconds); undefined for API keys and anonymous sockets (revocation list). */
  issuedAt?: number | undefined;
};

/**
 * connection_init: authenticates `{ authorization: "Bearer <token>" | "ApiKey <key>" }` and records
 * who the connection is. False for a bad credential (graphql-ws then closes with 4403 Forbidden).
 */
export async function admitConnection(
  connection: Connection,
  connectionParams: Record<string, unknown> | undefined,
  authenticate: Authenticate,
  log: { info(msg: string): void },
  clientIpOf: ClientIpOf = (request) => request.socket.remoteAddress ?? null,
): Promise<boolean> {
  connection.id = randomUUID();
  connection.correlationId = correlationIdFrom(connection.request.headers);
  connection.clientIp = clientIpOf(connection.request);
  const authorization = authorizationOf(connectionParams);
  try {
    connection.viewer = await authenticate(authorization, connection.correlationId);
    connection.credential = credentialCheck(authorization, connection.correlationId, authenticate);
    connection.issuedAt = issuedAtOf(authorization);
    return true;
  } catch {
    log.info('websocket connection refused: bad credential');
    return false;
  }
}

/** The client address of a request, as HTTP requests see it. */
export type ClientIpOf = (request: http.IncomingMessage) => string | null;

/**
 * The address express gives HTTP requests (`req.ip`, honouring 'trust proxy'), for upgrade
 * requests too: a socket's operations then count in the same per-address bucket as HTTP requests
 * from behind the same proxy. express's request prototype reads only headers and socket for it.
 */
export function clientIpResolver(app: Express): ClientIpOf {
  return (request) => {
    const view = Object.create(app.request as object, { headers: { value: request.headers }, socket: { value: request.socket }, connection: { value: request.socket } }) as { ip?: string };
    return view.ip ?? request.socket.remoteAddress ?? null;
  };
}

/** The subscriber a connection's operations run as. */
export const subscriberOf = (connection: Connection) => ({ viewer: connection.viewer ?? null, correlationId: connection.correlationId ?? 'ws', clientIp: connection.clientIp ?? null });
