import { DEFAULT_TOKEN_SETTINGS, loadKeySetFile } from '@miw/auth';
import { DomainServiceEnv, loadEnv, z } from '@miw/config';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startDomainSubgraph } from '@miw/service-kit';
import { createApp } from './app';

const Env = DomainServiceEnv.extend({
  /** The access-token key set (JWKS with private keys); the newest key signs. */
  AUTH_KEYS_FILE: z.string().min(1),
  AUTH_ISSUER: z.string().default(DEFAULT_TOKEN_SETTINGS.issuer),
  AUTH_AUDIENCE: z.string().default(DEFAULT_TOKEN_SETTINGS.audience),
  /** This region's sync worker (health port), read by the admin-only `syncStatus` query. */
  SYNC_WORKER_URL: z.string().url().optional(),
});

const env = loadEnv('auth', Env);
const logger = createLogger({ service: 'auth', region: env.REGION, level: env.LOG_LEVEL });

async function main() {
  const keys = await loadKeySetFile(env.AUTH_KEYS_FILE);
  const running = await startDomainSubgraph({
    domain: 'auth',
    env,
    logger,
    createApp: (deps) => createApp({ ...deps, keys, tokenSettings: { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE }, ...(env.SYNC_WORKER_URL ? { syncWorkerUrl: env.SYNC_WORKER_URL } : {}) }),
  });
  onShutdown(logger, [() => running.close()]);
}

main().catch(exitOnStartupError(logger, 'auth'));
