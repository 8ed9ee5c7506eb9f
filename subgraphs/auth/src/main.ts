import { DEFAULT_TOKEN_SETTINGS, watchKeySetFile } from '@miw/auth';
import { DomainServiceEnv, loadEnv, Secret, z } from '@miw/config';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startDomainSubgraph } from '@miw/service-kit';
import { createApp } from './app';

const Env = DomainServiceEnv.extend({
  /** The access-token key set (JWKS with private keys, `npm run keys`); reloaded every minute and on SIGHUP. */
  AUTH_KEYS_FILE: z.string().min(1),
  AUTH_ISSUER: z.string().default(DEFAULT_TOKEN_SETTINGS.issuer),
  AUTH_AUDIENCE: z.string().default(DEFAULT_TOKEN_SETTINGS.audience),
  /** This region's sync worker (health port), read by the admin-only `syncStatus` query. */
  SYNC_WORKER_URL: z.string().url().optional(),
  /** The sync worker's OPS_TOKEN, when its ops listener requires one (sent as a bearer token). */
  SYNC_WORKER_TOKEN: Secret.optional(),
});

const env = loadEnv('auth', Env);
const logger = createLogger({ service: 'auth', region: env.REGION, level: env.LOG_LEVEL });

async function main() {
  // Reloaded every minute and on SIGHUP: a key the key tool adds is published and verified without a restart.
  const keys = await watchKeySetFile(env.AUTH_KEYS_FILE, { onError: (error) => logger.error({ err: error }, 'cannot reload the key set; keeping the loaded keys') });
  const running = await startDomainSubgraph({
    domain: 'auth',
    env,
    logger,
    createApp: (deps) => createApp({ ...deps, keys, tokenSettings: { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE }, ...(env.SYNC_WORKER_URL ? { syncWorkerUrl: env.SYNC_WORKER_URL } : {}), ...(env.SYNC_WORKER_TOKEN ? { syncWorkerToken: env.SYNC_WORKER_TOKEN } : {}) }),
  });
  onShutdown(logger, [() => running.close(), async () => keys.stop()]);
}

main().catch(exitOnStartupError(logger, 'auth'));
