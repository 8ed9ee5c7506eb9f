import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findNotifications } from './data/notifications';
import type { Notification, NotifyDb } from './data/db';
import type { NotifyLiveEvents } from './events/live';
import type { WebhookSettings } from './domain/webhooks';

export interface NotifyContext {
  db: NotifyDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
  /** The instance's live notifications (subscriptions); SERVICE_UNAVAILABLE until the workers started. */
  live: () => NotifyLiveEvents;
  /** The instance's webhook rules (https only, private targets refused in production). */
  webhooks: WebhookSettings;
}

export function createLoaders(db: NotifyDb) {
  return {
    notification: byIdLoader<Notification>((ids) => findNotifications(db, ids)),
  };
}
