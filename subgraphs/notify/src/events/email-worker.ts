/** The email worker: drains notify.email_message over SMTP on every instance (see services/email-delivery.ts). */
import type { Pool } from 'pg';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';
import type { Mailer } from '../mail';
import { sendDueEmails, type EmailDeliverySettings } from '../services/email-delivery';
import { createPoller } from './poller';

export interface EmailWorkerDeps {
  pool: Pool;
  mailer: Mailer;
  logger: Logger;
  settings: EmailDeliverySettings;
  pollMs: number;
  /** PUBLIC_APP_URL: notification emails link into the app. */
  appUrl?: string | undefined;
}

export function createEmailWorker({ pool, mailer, logger, settings, pollMs, appUrl }: EmailWorkerDeps): BackgroundWorker {
  const log = logger.child({ component: 'email-worker' });
  const poller = createPoller({ intervalMs: pollMs, logger: log, pass: () => sendDueEmails({ pool, mailer, logger: log, appUrl }, settings) });
  return { start: () => poller.start(), stop: () => poller.stop() };
}
