import { loadEnv } from '@miw/config';
import { createLogger } from '@miw/logging';
import { exitOnStartupError, onShutdown, startDomainSubgraph } from '@miw/service-kit';
import { createApp } from './app';
import { DEFAULT_RETRY_POLICY } from './domain/webhooks';
import { NotifyEnv } from './env';
import { isLoopbackRelay, smtpMailer } from './mail';

const env = loadEnv('notify', NotifyEnv);
const logger = createLogger({ service: 'notify', region: env.REGION, level: env.LOG_LEVEL });
const production = env.NODE_ENV === 'production';
if (!env.SMTP_URL) logger.warn('SMTP_URL is not set: email stays queued and login codes are not delivered (npm start runs a local SMTP sink)');

// In production the relay must offer TLS (STARTTLS on smtp://; smtps:// is TLS from the start),
// unless it listens on this host's loopback (a local MTA or sidecar relay): that hop never
// crosses a network, and the relay's own onward connection is where TLS matters.
const mailer = env.SMTP_URL ? smtpMailer({ url: env.SMTP_URL, from: env.MAIL_FROM, requireTls: production && !isLoopbackRelay(env.SMTP_URL), logger }) : undefined;
const allowPrivate = env.WEBHOOK_ALLOW_PRIVATE ?? !production;

startDomainSubgraph({
  domain: 'notify',
  env,
  logger,
  createApp: (deps) =>
    createApp({
      ...deps,
      ...(mailer ? { mailer } : {}),
      ...(env.PUBLIC_APP_URL ? { appUrl: env.PUBLIC_APP_URL } : {}),
      email: { pollMs: env.NOTIFY_POLL_MS },
      webhooks: { allowPrivate, requireHttps: production, pollMs: env.NOTIFY_POLL_MS, retry: { ...DEFAULT_RETRY_POLICY, baseMs: env.WEBHOOK_RETRY_BASE_MS } },
    }),
})
  .then((running) => onShutdown(logger, [() => running.close()]))
  .catch(exitOnStartupError(logger, 'notify'));
