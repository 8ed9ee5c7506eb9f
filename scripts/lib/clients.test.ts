import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy, serveClient, sourceHash } from './clients';

describe('serving a built client', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'miw-client-'));
  const config = { endpoints: { eu: 'http://localhost:4000/graphql', cn: 'https://cn.example/graphql' }, defaultRegion: 'eu' as const };
  let server: Server;
  let base: string;

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dir, 'assets', 'index-AbCdEf12.js'), 'console.log(1)');
    writeFileSync(path.join(os.tmpdir(), 'secret.txt'), 'secret');
    server = await serveClient(dir, 0, config);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers the run configuration at /config.json, never cached', async () => {
    const res = await fetch(`${base}/config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual(config);
  });

  it('answers index.html for app routes (deep links), with the CSP naming the gateways', async () => {
    const res = await fetch(`${base}/orders/123`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src \'self\' http://localhost:4000 ws://localhost:4000 https://cn.example wss://cn.example');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('caches hashed assets for a year and answers 404 for a missing one (not the page)', async () => {
    const asset = await fetch(`${base}/assets/index-AbCdEf12.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/missing-12345678.js`)).status).toBe(404);
  });

  it('never serves files outside its folder, and only reads', async () => {
    for (const bad of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${base}${bad}`);
      expect(await res.text()).not.toBe('secret');
    }
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });

  it('lets the app connect to each gateway over HTTP and WebSocket only', () => {
    expect(contentSecurityPolicy({ endpoints: { eu: 'https://eu.example/graphql' }, defaultRegion: 'eu' })).toContain("connect-src 'self' https://eu.example wss://eu.example;");
  });
});

describe('build stamps', () => {
  it('change with the app sources and not with its build output', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'miw-hash-'));
    for (const d of ['clients/app/src', 'clients/app/dist', 'clients/shared/src']) mkdirSync(path.join(root, d), { recursive: true });
    writeFileSync(path.join(root, 'package-lock.json'), '{}');
    writeFileSync(path.join(root, 'clients/app/src/a.ts'), 'a');
    const first = sourceHash(root, 'app');
    writeFileSync(path.join(root, 'clients/app/dist/out.js'), 'x');
    expect(sourceHash(root, 'app')).toBe(first);
    writeFileSync(path.join(root, 'clients/shared/src/b.ts'), 'b');
    expect(sourceHash(root, 'app')).not.toBe(first);
  });
});
