import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { createLogger } from '@miw/logging';
import { createSubgraphGuard } from './subgraph-guard';

/** A local server answering each request as `respond` says (a tiny subgraph stand-in). */
async function server(respond: (res: http.ServerResponse) => void) {
  const s = http.createServer((_req, res) => respond(res));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/graphql`, close: () => new Promise((r) => (s.closeAllConnections(), s.close(r))) };
}

describe('subgraph guard', () => {
  const agent = new http.Agent({ keepAlive: true });
  const logger = createLogger({ service: 'test', level: 'silent' });
  const guardFor = (production = false) =>
    createSubgraphGuard({ name: 'inventory', agent, logger, production, settings: { failures: 2, windowMs: 60_000, cooldownMs: 60_000, timeoutMs: 300 } });
  const call = async (guard: ReturnType<typeof guardFor>, url: string) => {
    const res = await guard.fetch(url, { method: 'POST', body: '{}' });
    return { status: res.status, body: await res.text() };
  };
  afterAll(() => agent.destroy());

  it('counts HTTP 5xx as failures, and answers with GraphQL errors or 4xx as successes', async () => {
    let status = 200;
    const s = await server((res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"errors":[{"message":"no"}]}'));
    const guard = guardFor();
    try {
      for (status of [200, 400, 401, 404, 200]) await call(guard, s.url);
      expect(guard.snapshot()).toEqual({ state: 'closed', recentFailures: 0 });
      status = 503;
      await call(guard, s.url);
      expect(guard.snapshot().recentFailures).toBe(1);
      await call(guard, s.url);
      expect(guard.snapshot().state).toBe('open');
      await expect(call(guard, s.url)).rejects.toThrow('circuit breaker of inventory is open');
    } finally {
      await s.close();
    }
  });

  it('times out a stalled answer, headers or body, and counts it', async () => {
    let stallBody = false;
    const s = await server((res) => void (stallBody && res.writeHead(200, { 'content-type': 'application/json' }).write('{"data":')));
    const guard = guardFor();
    try {
      const error = await call(guard, s.url).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'AbortError' });
      stallBody = true;
      const bodyError = await call(guard, s.url).catch((e: unknown) => e);
      expect(bodyError).toMatchObject({ name: 'AbortError' });
      expect(guard.snapshot().state).toBe('open');
    } finally {
      await s.close();
    }
  });

  it('counts a refused connection, and shows each failure as SUBGRAPH_UNAVAILABLE naming the subgraph', async () => {
    const s = await server((res) => res.end());
    await s.close(); // the port is now closed
    const guard = guardFor();
    const refused = await call(guard, s.url).catch((e: unknown) => e);
    expect(guard.snapshot().recentFailures).toBe(1);
    const shown = guard.toClientError(refused) as GraphQLError;
    expect(shown.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'UNREACHABLE', detail: expect.stringContaining('ECONNREFUSED') });
    expect((guardFor(true).toClientError(refused) as GraphQLError).extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'UNREACHABLE' });
    const fiveHundred = new GraphQLError('500: Internal Server Error', { extensions: { response: { status: 500, body: 'stack trace' } } });
    expect((guardFor(true).toClientError(fiveHundred) as GraphQLError).extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'inventory', reason: 'ERROR_STATUS' });
    const badInput = new GraphQLError('bad', { extensions: { code: 'BAD_USER_INPUT' } });
    expect(guard.toClientError(badInput)).toBe(badInput);
  });
});
