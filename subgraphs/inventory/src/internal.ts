/**
 * Internal HTTP routes of the reservation API (`RESERVATION_ROUTES` of @miw/contracts) for this
 * region's orders service. Checkout must hold stock synchronously and all-or-nothing before the
 * shopper pays, which an event cannot answer, so orders calls these directly. Only holders of the
 * internal secret may call them (the `x-miw-internal` token, 401 otherwise); bodies are parsed
 * with the shared contract (400 with the zod issues); an unknown store (reserve) or reservation
 * (sell) is 404; a sell or release the other final state refused is 409 with the reservation;
 * anything unexpected is logged and answered 500.
 */
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import { INTERNAL_HEADER, verifyInternalToken } from '@miw/auth';
import { listReservationsQuery, releaseRequest, reserveRequest, RESERVATION_ROUTES, uuid, type RegionCode } from '@miw/contracts';
import { correlationIdFrom, type Logger } from '@miw/logging';
import { DomainFailure } from './domain/failure';
import { activeReservations, releaseReservation, reserveStock, sellReservation, type Finished, type ReservationContext } from './services/reservations';

export interface ReservationRouteDeps {
  /** The service's pg pool: the reservation calls run in plain SQL (src/data/reservations.ts). */
  pool: Pool;
  region: RegionCode;
  logger: Logger;
  internalSecret: string;
}

interface Answer {
  status: number;
  body: object;
}

/** One route: the answer to a request whose caller was verified, with the caller's correlation id. */
type RouteAnswer = (req: Request, context: (correlationId?: string) => ReservationContext) => Promise<Answer>;

export function mountReservationRoutes(app: Express, deps: ReservationRouteDeps): void {
  const guard = internalCallersOnly(deps.internalSecret);
  const json = express.json({ limit: '64kb' });
  const bodyErrors = unreadableBody(deps.logger);
  app.post(RESERVATION_ROUTES.collection, guard, json, route(deps, reserve), bodyErrors);
  app.get(RESERVATION_ROUTES.collection, guard, route(deps, list));
  app.post(RESERVATION_ROUTES.sell, guard, route(deps, sell));
  app.post(RESERVATION_ROUTES.release, guard, json, route(deps, release), bodyErrors);
}

/** 401 unless the request carries a valid internal token; keeps the token's correlation id for the route. */
function internalCallersOnly(secret: string): RequestHandler {
  return async (req, res, next) => {
    const token = req.headers[INTERNAL_HEADER];
    const verified = typeof token === 'string' ? await verifyInternalToken(secret, token).catch(() => null) : null;
    if (!verified) {
      res.status(401).json({ error: 'internal callers only: a valid x-miw-internal token is required' });
      return;
    }
    res.locals.correlationId = verified.correlationId?.slice(0, 128) || correlationIdFrom(req.headers);
    next();
  };
}

/** Runs a route: its answer, a NOT_FOUND failure as 404, anything else logged and answered 500. */
function route(deps: ReservationRouteDeps, answer: RouteAnswer): RequestHandler {
  return async (req, res) => {
    const fromToken = res.locals.correlationId as string;
    const context = (correlationId = fromToken): ReservationContext => ({ pool: deps.pool, region: deps.region, correlationId, logger: deps.logger.child({ correlationId }) });
    try {
      const { status, body } = await answer(req, context);
      res.status(status).json(body);
    } catch (error) {
      if (error instanceof DomainFailure && error.errors[0]?.code === 'NOT_FOUND') {
        res.status(404).json({ error: error.message });
        return;
      }
      deps.logger.error({ err: error, correlationId: fromToken, method: req.method, path: req.path }, 'reservation call failed');
      res.status(500).json({ error: 'internal error' });
    }
  };
}

/** Malformed JSON (400) and bodies over the limit (413), answered in the API's shape. */
function unreadableBody(logger: Logger): ErrorRequestHandler {
  return (err: { status?: number; type?: string }, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? 500;
    if (status >= 500) {
      logger.error({ err, path: req.path }, 'reservation request unreadable');
      res.status(500).json({ error: 'internal error' });
      return;
    }
    res.status(status).json({ error: err.type === 'entity.too.large' ? 'request body too large' : 'the body is not valid JSON' });
  };
}

const invalid = (issues: unknown[]): Answer => ({ status: 400, body: { error: 'invalid request', issues } });

const finished = ({ reservation, conflict }: Finished): Answer =>
  conflict === null ? { status: 200, body: { reservation } } : { status: 409, body: { error: conflict, reservation } };

const reserve: RouteAnswer = async (req, context) => {
  const parsed = reserveRequest.safeParse(req.body);
  if (!parsed.success) return invalid(parsed.error.issues);
  return { status: 200, body: await reserveStock(context(parsed.data.correlationId), parsed.data) };
};

const sell: RouteAnswer = async (req, context) => {
  const id = uuid.safeParse(req.params.id);
  if (!id.success) return invalid(id.error.issues);
  return finished(await sellReservation(context(), id.data));
};

const release: RouteAnswer = async (req, context) => {
  const id = uuid.safeParse(req.params.id);
  if (!id.success) return invalid(id.error.issues);
  const body = releaseRequest.safeParse(req.body);
  if (!body.success) return invalid(body.error.issues);
  return finished(await releaseReservation(context(), id.data, body.data.reason));
};

const list: RouteAnswer = async (req, context) => {
  const query = listReservationsQuery.safeParse(req.query);
  if (!query.success) return invalid(query.error.issues);
  return { status: 200, body: await activeReservations(context(), new Date(query.data.createdBefore), query.data.limit) };
};
