/**
 * A service's operator endpoints (`/metrics`, `/status`, debug routes): its internal router.
 *
 * Routes are registered on `ops.router`. They are served on an internal listener of their own
 * (`OPS_PORT` on `OPS_HOST`, loopback by default; with `OPS_TOKEN`, only to
 * `Authorization: Bearer <token>`), and outside production also on the service's public port, as
 * before. In production the public port never serves them: a scraper or the auth subgraph's
 * `syncStatus` reach them on the ops port, which a deployment keeps off the public network.
 * `/healthz` and `/readyz` stay on the public port (orchestrators probe them there).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from '@miw/logging';
import { listenOn } from './listen';

export interface OpsSettings {
  /** Port of the internal listener; undefined: none. 0 picks a free port (tests). */
  port?: number | undefined;
  /** Its address (default 127.0.0.1). */
  host?: string | undefined;
  /** When set, every request to the ops listener must carry `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

export interface OpsEndpoints {
  /** The service's internal router: register operator routes here. */
  readonly router: express.Router;
  /** Serves the router on the public app too, outside production (a no-op in production). */
  mountPublic(app: express.Express): void;
  /** Starts the internal listener when a port is configured; resolves with its port. */
  listen(): Promise<number | undefined>;
  /** The internal listener's port, once listening. */
  port(): number | undefined;
  close(): Promise<void>;
}

/** `OPS_PORT`, `OPS_HOST`, `OPS_TOKEN` (@miw/config `OpsEnv`) as settings: port 0 means no listener. */
export function opsSettingsFrom(env: { OPS_PORT: number; OPS_HOST: string; OPS_TOKEN?: string | undefined }): OpsSettings {
  return { ...(env.OPS_PORT > 0 ? { port: env.OPS_PORT } : {}), host: env.OPS_HOST, token: env.OPS_TOKEN };
}

const LOOPBACK = /^(127\.|::1$|localhost$)/;

export function createOpsEndpoints(name: string, settings: OpsSettings, { production, logger }: { production: boolean; logger: Logger }): OpsEndpoints {
  const router = express.Router();
  const host = settings.host ?? '127.0.0.1';
  let server: http.Server | undefined;
  return {
    router,
    mountPublic: (app) => {
      if (!production) app.use(router);
    },
    listen: async () => {
      if (settings.port === undefined) return undefined;
      if (production && !settings.token && !LOOPBACK.test(host)) logger.warn({ host }, `${name}: the ops listener is on a non-loopback address without OPS_TOKEN: keep its port off the public network`);
      server = http.createServer(opsApp(router, settings.token));
      await listenOn(server, settings.port, host, name);
      return (server.address() as AddressInfo).port;
    },
    port: () => (server?.listening ? (server.address() as AddressInfo).port : undefined),
    close: async () => {
      if (!server?.listening) return;
      const s = server;
      await new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve())));
    },
  };
}

/** The ops listener's app: the token check (when configured), the router, JSON 404s. */
function opsApp(router: express.Router, token: string | undefined): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (token !== undefined) app.use(bearerGuard(token));
  app.use(router);
  app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
  return app;
}

function bearerGuard(token: string): express.RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!), expected)) return next();
    res.set('www-authenticate', 'Bearer').status(401).json({ error: 'unauthorized' });
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
