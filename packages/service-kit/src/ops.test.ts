import { buildSchema } from 'graphql';
import { createLogger } from '@miw/logging';
import { createGraphQLService, startHealthServer } from './server';
import type { OpsSettings } from './ops';
import { opsSettingsFrom } from './ops';

const logger = createLogger({ service: 'ops-test', level: 'silent' });
const TOKEN = 't'.repeat(40);

const status = async (port: number | undefined, path: string, headers: Record<string, string> = {}) => (await fetch(`http://127.0.0.1:${port}${path}`, { headers })).status;

/** A worker's health server with one operator route, as the sync worker starts it. */
async function worker(production: boolean, ops: OpsSettings) {
  return startHealthServer({
    name: 'worker',
    readiness: [],
    port: 0,
    production,
    logger,
    ops,
    opsRoutes: (router) => router.get('/metrics', (_req, res) => void res.type('text/plain').send('up 1\n')),
  });
}

describe('operator endpoints', () => {
  it('in production: not on the public port, on the ops port; health stays public', async () => {
    const server = await worker(true, { port: 0 });
    try {
      expect(server.opsPort).toBeGreaterThan(0);
      expect(await status(server.port, '/metrics')).toBe(404);
      expect(await status(server.port, '/healthz')).toBe(200);
      expect(await status(server.port, '/readyz')).toBe(200);
      expect(await status(server.opsPort, '/metrics')).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${server.opsPort}/metrics`)).text()).toBe('up 1\n');
      expect(await status(server.opsPort, '/graphql')).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('enforces OPS_TOKEN on the ops port (401 without it or with another)', async () => {
    const server = await worker(true, { port: 0, token: TOKEN });
    try {
      const res = await fetch(`http://127.0.0.1:${server.opsPort}/metrics`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await status(server.opsPort, '/metrics', { authorization: `Bearer ${'x'.repeat(40)}` })).toBe(401);
      expect(await status(server.opsPort, '/metrics', { authorization: TOKEN })).toBe(401);
      expect(await status(server.opsPort, '/metrics', { authorization: `Bearer ${TOKEN}` })).toBe(200);
      expect(await status(server.port, '/metrics', { authorization: `Bearer ${TOKEN}` })).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('in production without an ops port: not served at all', async () => {
    const server = await worker(true, {});
    try {
      expect(server.opsPort).toBeUndefined();
      expect(await status(server.port, '/metrics')).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('in development: on the public port as before, and on the ops port when set', async () => {
    const server = await worker(false, { port: 0 });
    const alone = await worker(false, {});
    try {
      expect(await status(server.port, '/metrics')).toBe(200);
      expect(await status(server.opsPort, '/metrics')).toBe(200);
      expect(await status(alone.port, '/metrics')).toBe(200);
    } finally {
      await server.close();
      await alone.close();
    }
  });

  it('a GraphQL service registers its operator routes on service.ops.router', async () => {
    const schema = buildSchema('type Query { hello: String }');
    for (const production of [true, false]) {
      const service = await createGraphQLService({ name: 'svc', logger, production, schema, context: () => ({}), ops: { port: 0, token: TOKEN } });
      service.ops.router.get('/debug/state', (_req, res) => void res.json({ ok: true }));
      try {
        const port = await service.listen(0);
        const auth = { authorization: `Bearer ${TOKEN}` };
        expect(await status(port, '/debug/state')).toBe(production ? 404 : 200);
        expect(await status(service.ops.port(), '/debug/state', auth)).toBe(200);
        expect(await status(service.ops.port(), '/debug/state')).toBe(401);
        expect(await status(port, '/healthz')).toBe(200);
      } finally {
        await service.close();
      }
      expect(service.ops.port()).toBeUndefined();
    }
  });

  it('reads OPS_PORT 0 as no listener', () => {
    expect(opsSettingsFrom({ OPS_PORT: 0, OPS_HOST: '127.0.0.1' })).toEqual({ host: '127.0.0.1', token: undefined });
    expect(opsSettingsFrom({ OPS_PORT: 9464, OPS_HOST: '0.0.0.0', OPS_TOKEN: TOKEN })).toEqual({ port: 9464, host: '0.0.0.0', token: TOKEN });
  });
});
