/**
 * `POST /webhooks/payments/:provider`: payment providers reach only the public gateway, so it
 * relays their webhooks, byte for byte, to the orders service (which verifies the signatures:
 * they are the authentication, so no token is asked for here). Only the body and the headers a
 * signature check needs are passed on; the answer is the orders service's status and JSON, so a
 * provider retries exactly when orders asks it to. An unreachable orders service is a 502 (the
 * provider retries later).
 *
 * These requests are not GraphQL: the GraphQL rate limits and auth never see them. A generous
 * limit per client address of their own keeps a flood off the orders service. Bodies and
 * signatures are never logged.
 */
import type http from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import nodeFetch from 'node-fetch';
import { CORRELATION_HEADER, correlationIdFrom, type Logger } from '@miw/logging';
import type { RateLimiter } from './rate-limit';

const PROVIDER = /^[a-z][a-z0-9-]{0,31}$/;
/** What a signature check reads besides the body; nothing else crosses (no cookies, no authorization). */
const FORWARDED_HEADERS = ['content-type', 'stripe-signature', 'x-test-card-signature'] as const;
const BODY_LIMIT = '256kb';

export interface WebhookProxyOptions {
  /** The orders subgraph's GraphQL URL; webhooks go to its origin. */
  ordersUrl: string;
  logger: Logger;
  /** Keep-alive agent shared with the subgraph calls. */
  agent?: http.Agent;
  /** Counts webhook requests per client address (none: no limit). */
  limiter?: RateLimiter;
  /** Webhook requests per client address per window (default 300 per 60 s). */
  perIp?: number;
  windowSeconds?: number;
  /** How long orders may take to answer (default 10 s). */
  timeoutMs?: number;
}

type ProviderRequest = Request<{ provider: string }>;

/** 404 for a provider name that cannot exist, before the body is read or anything is counted. */
function validProvider(req: ProviderRequest, res: Response, next: NextFunction): void {
  if (PROVIDER.test(req.params.provider)) return next();
  res.status(404).json({ error: 'unknown payment provider' });
}

/** 429 with Retry-After past `perIp` requests per window from one address. */
function perIpLimit(limiter: RateLimiter, perIp: number, windowSeconds: number) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const decision = await limiter.hit(`webhook-ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`, perIp, windowSeconds);
    if (decision.allowed) return next();
    res.status(429).set('retry-after', String(decision.retryAfterSeconds)).json({ error: 'too many requests' });
  };
}

/** The headers passed on: the signature-relevant ones that are present, and a correlation id. */
function forwardedHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = { [CORRELATION_HEADER]: correlationIdFrom(req.headers) };
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** The upstream body as JSON, or a short description when it is not JSON. */
function jsonOf(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: `payments service answered HTTP ${status}` };
  }
}

/** Mounts the proxy on the gateway's express app (before /graphql and its JSON parser). */
export function mountWebhookProxy(app: Express, opts: WebhookProxyOptions): void {
  const origin = new URL(opts.ordersUrl).origin;
  const log = opts.logger.child({ component: 'webhook-proxy' });
  const router = express.Router();
  const limit = opts.limiter ? [perIpLimit(opts.limiter, opts.perIp ?? 300, opts.windowSeconds ?? 60)] : [];

  router.post('/:provider', validProvider, ...limit, express.raw({ type: '*/*', limit: BODY_LIMIT }), async (req: ProviderRequest, res: Response) => {
    const provider = req.params.provider;
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const started = Date.now();
    try {
      const upstream = await nodeFetch(`${origin}/webhooks/payments/${provider}`, {
        method: 'POST',
        body,
        headers: forwardedHeaders(req),
        redirect: 'manual',
        timeout: opts.timeoutMs ?? 10_000,
        ...(opts.agent ? { agent: opts.agent } : {}),
      });
      const answer = jsonOf(await upstream.text(), upstream.status);
      log.info({ provider, status: upstream.status, ms: Date.now() - started }, 'payment webhook relayed');
      res.status(upstream.status).json(answer);
    } catch (error) {
      log.warn({ provider, reason: (error as Error).message, ms: Date.now() - started }, 'payment webhook not relayed: orders unreachable');
      res.status(502).json({ error: 'payments service unreachable' });
    }
  });
  // Body parser refusals answered here (the gateway's GraphQL error shape is not for providers).
  router.use((error: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error.type === 'entity.too.large') return void res.status(413).json({ error: 'body too large' });
    if (error.status && error.status >= 400 && error.status < 500) return void res.status(error.status).json({ error: 'bad request' });
    log.error({ err: error }, 'payment webhook relay failed');
    res.status(500).json({ error: 'internal error' });
  });
  app.use('/webhooks/payments', router);
}
