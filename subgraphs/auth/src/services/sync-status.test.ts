import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@miw/logging';
import { readSyncStatus } from './sync-status';

describe('readSyncStatus', () => {
  let server: http.Server;
  let url: string;
  const seen: (string | undefined)[] = [];
  beforeAll(async () => {
    // A worker's ops listener that requires a token.
    server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${'t'.repeat(32)}`) return void res.writeHead(401).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ directions: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const logger = createLogger({ service: 'auth', level: 'silent' });

  it('sends the ops token as a bearer token', async () => {
    await expect(readSyncStatus({ syncWorkerUrl: url, syncWorkerToken: 't'.repeat(32), logger })).resolves.toEqual({ reachable: true, directions: [] });
    expect(seen.at(-1)).toBe(`Bearer ${'t'.repeat(32)}`);
  });

  it('answers unreachable when the worker refuses (no token) or none is configured', async () => {
    await expect(readSyncStatus({ syncWorkerUrl: url, logger })).resolves.toEqual({ reachable: false, directions: [] });
    await expect(readSyncStatus({ logger })).resolves.toEqual({ reachable: false, directions: [] });
  });
});
