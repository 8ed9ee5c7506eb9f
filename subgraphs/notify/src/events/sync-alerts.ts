/**
 * Alerts of the sync worker applying into this region (`<region>.sync.alert.v1`): dead letters and
 * replication lag, told to the region's admins (consumer group `notify.<region>.sync-alerts`).
 */
import { syncAlertEvents } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { notifySyncAlert } from '../services/sync-alerts';
import { createNotificationConsumer, notificationRoute, type NotificationConsumerDeps } from './notification-consumer';

export function createSyncAlertConsumer(deps: NotificationConsumerDeps): BackgroundWorker {
  return createNotificationConsumer(deps, 'sync-alerts', [notificationRoute(syncAlertEvents.topic(deps.region, deps.topicPrefix), syncAlertEvents, notifySyncAlert)]);
}
