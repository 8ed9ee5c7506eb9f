/**
 * Levels that crossed into low stock in this region (`<region>.inventory.low_stock.v1`), kept for
 * the next low-stock digest (consumer group `notify.<region>.low-stock-digest`).
 */
import { lowStockEvents } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { recordLowStock } from '../services/low-stock-digest';
import { createNotificationConsumer, notificationRoute, type NotificationConsumerDeps } from './notification-consumer';

export function createLowStockDigestConsumer(deps: NotificationConsumerDeps): BackgroundWorker {
  return createNotificationConsumer(deps, 'low-stock-digest', [notificationRoute(lowStockEvents.topic(deps.region, deps.topicPrefix), lowStockEvents, (client, _region, event) => recordLowStock(client, event))]);
}
