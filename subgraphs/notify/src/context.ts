import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { byIdLoader } from '@miw/service-kit';
import type { Logger } from '@miw/logging';
import { findNotifications } from './data/notifications';
import type { Notification, NotifyDb } from './data/db';

export interface NotifyContext {
  db: NotifyDb;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
  viewer: Viewer;
  loaders: ReturnType<typeof createLoaders>;
}

export function createLoaders(db: NotifyDb) {
  return {
    notification: byIdLoader<Notification>((ids) => findNotifications(db, ids)),
  };
}
