/**
 * Serves one built web client as `npm start` does (scripts/lib/clients.ts: `/config.json`, history
 * fallback, cache headers, Content-Security-Policy), for a container:
 *   CLIENT_APP=admin PORT=4300 GATEWAY_URL_EU=https://eu.example.com/graphql \
 *     node --conditions=miw-dist scripts/dist/serve-client.js
 * GATEWAY_URL_EU / GATEWAY_URL_CN are the public endpoints the browser calls (one at least);
 * DEFAULT_REGION picks the first one shown (default: eu when set). HOST defaults to 127.0.0.1.
 */
import path from 'node:path';
import { HttpUrl, loadEnv, Port, z } from '@miw/config';
import { CLIENT_APPS, serveClient, type ClientRuntimeConfig } from './lib/clients';

const ROOT = path.resolve(__dirname, path.basename(__dirname) === 'dist' ? '../..' : '..');

const Env = z
  .object({
    CLIENT_APP: z.enum(CLIENT_APPS.map((a) => a.name) as [string, ...string[]]),
    PORT: Port,
    HOST: z.string().min(1).default('127.0.0.1'),
    GATEWAY_URL_EU: HttpUrl.optional(),
    GATEWAY_URL_CN: HttpUrl.optional(),
    DEFAULT_REGION: z.enum(['eu', 'cn']).optional(),
  })
  .refine((env) => env.GATEWAY_URL_EU || env.GATEWAY_URL_CN, { message: 'set GATEWAY_URL_EU and/or GATEWAY_URL_CN', path: ['GATEWAY_URL_EU'] });

const env = loadEnv('serve-client', Env);
const endpoints: ClientRuntimeConfig['endpoints'] = {
  ...(env.GATEWAY_URL_EU ? { eu: env.GATEWAY_URL_EU } : {}),
  ...(env.GATEWAY_URL_CN ? { cn: env.GATEWAY_URL_CN } : {}),
};
const config: ClientRuntimeConfig = { endpoints, defaultRegion: env.DEFAULT_REGION ?? (env.GATEWAY_URL_EU ? 'eu' : 'cn') };

serveClient(path.join(ROOT, 'clients', env.CLIENT_APP, 'dist'), env.PORT, config, env.HOST).then(
  () => process.stdout.write(`serve-client: ${env.CLIENT_APP} on http://${env.HOST}:${env.PORT}\n`),
  (error: unknown) => {
    process.stderr.write(`serve-client failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
