import { DomainServiceEnv, loadEnv, z } from '@miw/config';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startDomainSubgraph } from '@miw/service-kit';
import { createApp } from './app';
import { fileMailer } from './mail';

const Env = DomainServiceEnv.extend({
  /** Development only: where outgoing email is written (JSON lines) instead of being sent. */
  DEV_MAILBOX_FILE: z.string().optional(),
}).refine((e) => !(e.NODE_ENV === 'production' && e.DEV_MAILBOX_FILE), { message: 'the development mailbox is not allowed in production', path: ['DEV_MAILBOX_FILE'] });

const env = loadEnv('notify', Env);
const logger = createLogger({ service: 'notify', region: env.REGION, level: env.LOG_LEVEL });

startDomainSubgraph({ domain: 'notify', env, logger, createApp: (deps) => createApp({ ...deps, ...(env.DEV_MAILBOX_FILE ? { mailer: fileMailer(env.DEV_MAILBOX_FILE) } : {}) }) })
  .then((running) => onShutdown(logger, [() => running.close()]))
  .catch(exitOnStartupError(logger, 'notify'));
