/** The webhook sender: on every instance, sends due deliveries (see services/webhook-deliveries.ts). */
import type { Pool } from 'pg';
import type { RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';
import type { WebhookSettings } from '../domain/webhooks';
import { sendDueDeliveries } from '../services/webhook-deliveries';
import { createPoller } from './poller';

export interface WebhookSenderDeps {
  pool: Pool;
  region: RegionCode;
  settings: WebhookSettings;
  logger: Logger;
}

export function createWebhookSender({ pool, region, settings, logger }: WebhookSenderDeps): BackgroundWorker {
  const log = logger.child({ component: 'webhook-sender' });
  return createPoller({ intervalMs: settings.pollMs, logger: log, pass: () => sendDueDeliveries({ pool, region, settings, logger: log }) });
}
