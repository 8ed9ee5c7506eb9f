/**
 * The orders side of inventory's internal reservation API (`RESERVATION_ROUTES` and schemas of
 * @miw/contracts): checkout reserves stock all-or-nothing before payment, then sells or releases
 * it. Every call signs a fresh internal token (`x-miw-internal`, system caller, the call's
 * correlation id), has a timeout, and is retried on transient failures (network, timeout,
 * 502/503/504): inventory makes every call idempotent by reservation id, so a retry after a lost
 * answer changes nothing more. Answers are parsed with the contract; a 409 (sell of a released
 * reservation, release of a sold one) is a typed result; anything else throws a
 * `ReservationsHttpError` with the status and body.
 */
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import { INTERNAL_HEADER, signInternalToken } from '@miw/auth';
import {
  listReservationsResponse,
  RESERVATION_ROUTES,
  reservationAnswer,
  reservationConflict,
  reservationPath,
  reserveResponse,
  type ListReservationsResponse,
  type Reservation,
  type ReserveRequest,
  type ReserveResponse,
} from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { retry } from '@miw/retry';

export interface ReservationsClientOptions {
  /** Origin of this region's inventory service (`INVENTORY_URL`); the routes are absolute paths on it. */
  baseUrl: string;
  /** `INTERNAL_TOKEN_SECRET`, shared with inventory. */
  internalSecret: string;
  logger: Logger;
  /** Per attempt. Default 5 s. */
  timeoutMs?: number;
  /** Attempts after the first on a transient failure. Default 3. */
  retries?: number;
}

/** The answer of sell and release: the reservation as it is now, or the refusal (409) with it. */
type FinishResult = { conflict: false; reservation: Reservation } | { conflict: true; error: string; reservation: Reservation };

interface ListActiveQuery {
  /** Only reservations created before this instant (the reconciler's grace period). */
  createdBefore: Date;
  /** 1..500, oldest first. */
  limit: number;
  correlationId?: string;
}

export interface ReservationsClient {
  /** RESERVED (now or by an earlier call with this id), OUT_OF_STOCK (nothing held) or CLOSED (the id is sold or released). */
  reserve(request: ReserveRequest): Promise<ReserveResponse>;
  /** ACTIVE -> SOLD; already SOLD answers it unchanged; RELEASED is a conflict. */
  sell(reservationId: string, correlationId: string): Promise<FinishResult>;
  /** ACTIVE -> RELEASED; already RELEASED answers it unchanged; SOLD is a conflict; an unknown id becomes a tombstone. */
  release(reservationId: string, reason: string, correlationId: string): Promise<FinishResult>;
  /** The oldest ACTIVE reservations created before `createdBefore`. */
  listActive(query: ListActiveQuery): Promise<ListReservationsResponse>;
}

/** A refusal or failure of inventory that retrying would not change (or the last transient one). */
export class ReservationsHttpError extends Error {
  override name = 'ReservationsHttpError';
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`inventory answered ${status} to ${what}: ${body.slice(0, 500)}`);
  }
}

const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** The call did not get an answer (connection refused or reset, or the timeout): it may be retried. */
class NetworkError extends Error {
  override name = 'NetworkError';
}

/**
 * One HTTP exchange on a keep-alive agent (node:http: far less CPU per call than fetch, on the
 * path every checkout takes).
 */
function exchange(agent: http.Agent, url: URL, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: init.method, headers: init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) }, agent, timeout: init.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => reject(new NetworkError(error.message)));
    });
    req.on('timeout', () => req.destroy(new NetworkError(`no answer within ${init.timeoutMs} ms`)));
    req.on('error', (error) => reject(error instanceof NetworkError ? error : new NetworkError(error.message)));
    req.end(init.body);
  });
}

/** Worth another try: the request may not have arrived, or inventory was briefly unavailable. */
function isTransient(error: unknown): boolean {
  if (error instanceof ReservationsHttpError) return TRANSIENT_STATUSES.has(error.status);
  return error instanceof NetworkError;
}

/** A contract schema (zod), as far as the client uses it. */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  correlationId: string;
  what: string;
}

export function createReservationsClient({ baseUrl, internalSecret, logger, timeoutMs = 5_000, retries = 3 }: ReservationsClientOptions): ReservationsClient {
  // Inventory is reached over http inside a deployment, or https where the network asks for it.
  const agent = new URL(baseUrl).protocol === 'https:' ? new https.Agent({ keepAlive: true, maxSockets: 64 }) : new http.Agent({ keepAlive: true, maxSockets: 64 });
  /** One attempt: status and raw body, transient statuses thrown for the retry. */
  async function attempt(call: Call): Promise<{ status: number; text: string }> {
    const token = await signInternalToken(internalSecret, null, call.correlationId);
    const headers: Record<string, string> = { [INTERNAL_HEADER]: token, accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const res = await exchange(agent, new URL(call.path, baseUrl), { method: call.method, headers, ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}), timeoutMs });
    if (TRANSIENT_STATUSES.has(res.status)) throw new ReservationsHttpError(res.status, res.text, call.what);
    return res;
  }

  /** The call, retried while its failures are transient. */
  function send(call: Call): Promise<{ status: number; text: string }> {
    return retry(() => attempt(call), {
      retries,
      baseMs: 100,
      maxMs: 1_000,
      retryIf: isTransient,
      onRetry: (error, n, waitMs) => logger.warn({ err: error, attempt: n, waitMs, call: call.what, correlationId: call.correlationId }, 'inventory reservation call failed, retrying'),
    });
  }

  /** The body parsed with `schema`; anything else is a failure with the status and body. */
  function parse<T>(schema: Schema<T>, status: number, text: string, what: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ReservationsHttpError(status, text, `${what} (not JSON)`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ReservationsHttpError(status, text, `${what} (answer does not match the contract)`);
    return parsed.data;
  }

  async function finish(call: Call): Promise<FinishResult> {
    const { status, text } = await send(call);
    if (status === 200) return { conflict: false, reservation: parse(reservationAnswer, status, text, call.what).reservation };
    if (status === 409) return { conflict: true, ...parse(reservationConflict, status, text, call.what) };
    throw new ReservationsHttpError(status, text, call.what);
  }

  return {
    async reserve(request) {
      const what = `reserve ${request.reservationId}`;
      const { status, text } = await send({ method: 'POST', path: RESERVATION_ROUTES.collection, body: request, correlationId: request.correlationId, what });
      if (status !== 200) throw new ReservationsHttpError(status, text, what);
      return parse(reserveResponse, status, text, what);
    },
    sell: (reservationId, correlationId) => finish({ method: 'POST', path: reservationPath('sell', reservationId), correlationId, what: `sell ${reservationId}` }),
    release: (reservationId, reason, correlationId) =>
      finish({ method: 'POST', path: reservationPath('release', reservationId), body: { reason }, correlationId, what: `release ${reservationId}` }),
    async listActive({ createdBefore, limit, correlationId = `reconcile-${randomUUID()}` }) {
      const query = new URLSearchParams({ status: 'ACTIVE', createdBefore: createdBefore.toISOString(), limit: String(limit) });
      const what = 'list active reservations';
      const { status, text } = await send({ method: 'GET', path: `${RESERVATION_ROUTES.collection}?${query}`, correlationId, what });
      if (status !== 200) throw new ReservationsHttpError(status, text, what);
      return parse(listReservationsResponse, status, text, what);
    },
  };
}
