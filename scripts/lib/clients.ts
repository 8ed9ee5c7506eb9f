/**
 * The web clients as `npm start` runs them: each app is built once (again only when its sources,
 * the shared client package or the lock file changed) and served as static files with
 *   - `/config.json`: the gateways of this run, so one build serves any deployment;
 *   - history fallback: a path without a file answers index.html (deep links, reloads);
 *   - hashed assets cached for a year, everything else revalidated;
 *   - a Content-Security-Policy allowing scripts from the app only and connections to the gateways.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

export interface ClientApp {
  /** Workspace folder under clients/ (admin, mobile). */
  name: string;
  /** The build command, run in the app's folder; writes `dist/`. */
  build: string[];
}

export const CLIENT_APPS: readonly ClientApp[] = [
  { name: 'admin', build: ['vite', 'build', '--logLevel', 'warn'] },
  { name: 'mobile', build: ['expo', 'export', '--platform', 'web', '--output-dir', 'dist'] },
];

export interface ClientRuntimeConfig {
  endpoints: Partial<Record<'eu' | 'cn', string>>;
  defaultRegion: 'eu' | 'cn';
}

const STAMP = '.build-stamp';
const SKIP = new Set(['node_modules', 'dist', '.expo', 'gql-out']);

/** Hash of everything a build reads: the app's sources, the shared package, the lock file. */
export function sourceHash(root: string, app: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(path.relative(root, file)).update(readFileSync(file));
    }
  };
  walk(path.join(root, 'clients', app));
  walk(path.join(root, 'clients', 'shared'));
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}

/** Builds the app unless `dist/` was built from the same sources; returns what it did. */
export async function buildClient(root: string, app: ClientApp, say: (line: string) => void, signal?: AbortSignal): Promise<'built' | 'up to date'> {
  const dir = path.join(root, 'clients', app.name);
  const stampFile = path.join(dir, 'dist', STAMP);
  const hash = sourceHash(root, app.name);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) return 'up to date';
  const started = Date.now();
  say(`clients: building ${app.name} ...`);
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', app.build[0]!), app.build.slice(1), {
      cwd: dir,
      // Expo never reaches the network (offline machines, CI); NODE_ENV is the build's own.
      env: { ...process.env, CI: '1', EXPO_OFFLINE: '1', EXPO_NO_TELEMETRY: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Stopping npm start mid-build stops the build too.
      ...(signal ? { signal, killSignal: 'SIGKILL' as const } : {}),
    });
    child.stdout.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr.on('data', (b: Buffer) => output.push(b.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building ${app.name} failed (exit ${code}; CLIENTS=false starts without the web clients):\n${output.join('').split('\n').slice(-30).join('\n')}`);
  writeFileSync(stampFile, hash);
  say(`clients: built ${app.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** The Content-Security-Policy of an app talking to these gateways (HTTP and WebSocket). */
export function contentSecurityPolicy(config: ClientRuntimeConfig): string {
  const origins = Object.values(config.endpoints).flatMap((url) => {
    const u = new URL(url);
    return [u.origin, `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`];
  });
  return [
    "default-src 'self'",
    "script-src 'self'",
    // MUI (emotion) and react-native-web write their styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...new Set(origins)].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** Serves a built app from `dir` on 127.0.0.1:`port` (or `host`). */
export function serveClient(dir: string, port: number, config: ClientRuntimeConfig, host = '127.0.0.1'): Promise<Server> {
  const root = path.resolve(dir);
  const configBody = JSON.stringify(config);
  const csp = contentSecurityPolicy(config);
  const server = createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : configBody);
      return;
    }
    let file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    const isFile = (f: string) => existsSync(f) && statSync(f).isFile();
    if (!isFile(file)) {
      // A route of the app (no extension): its page is index.html. A missing asset is a 404.
      if (path.extname(pathname) && !pathname.endsWith('.html')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      file = path.join(root, 'index.html');
    }
    const ext = path.extname(file);
    const hashed = /[.-][A-Za-z0-9_]{8,}\.(js|css|woff2|ttf|png|svg)$/.test(file) && !file.endsWith('index.html');
    const headers: Record<string, string> = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (ext === '.html') headers['content-security-policy'] = csp;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
