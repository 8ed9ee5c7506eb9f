import { DEFAULT_TOKEN_SETTINGS, loadKeySetFile } from '@miw/auth';
import { DomainServiceEnv, loadEnv, z } from '@miw/config';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startDomainSubgraph } from '@miw/service-kit';
import { createApp } from './app';
import { fileMailbox } from './mailbox';

const Env = DomainServiceEnv.extend({
  /** The access-token key set (JWKS with private keys); the newest key signs. */
  AUTH_KEYS_FILE: z.string().min(1),
  AUTH_ISSUER: z.string().default(DEFAULT_TOKEN_SETTINGS.issuer),
  AUTH_AUDIENCE: z.string().default(DEFAULT_TOKEN_SETTINGS.audience),
  /** Development only: where login codes are written instead of being emailed. */
  DEV_MAILBOX_FILE: z.string().optional(),
}).refine((e) => !(e.NODE_ENV === 'production' && e.DEV_MAILBOX_FILE), { message: 'the development mailbox is not allowed in production', path: ['DEV_MAILBOX_FILE'] });

const env = loadEnv('auth', Env);
const logger = createLogger({ service: 'auth', region: env.REGION, level: env.LOG_LEVEL });

async function main() {
  const keys = await loadKeySetFile(env.AUTH_KEYS_FILE);
  const deliver = env.DEV_MAILBOX_FILE
    ? fileMailbox(env.DEV_MAILBOX_FILE)
    : async () => logger.warn('no delivery channel for login codes is configured (email delivery comes with the notifications issue)');
  const running = await startDomainSubgraph({
    domain: 'auth',
    env,
    logger,
    createApp: (deps) => createApp({ ...deps, keys, deliver, tokenSettings: { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE } }),
  });
  onShutdown(logger, [() => running.close()]);
}

main().catch(exitOnStartupError(logger, 'auth'));
