/**
 * The consumer of this region's inventory events that notify someone: stock requests, shipments,
 * discrepancies and low-stock crossings (src/services/supply-notifications.ts decides who).
 * Dead letters: `<region>.dlq.notify.inventory-notifications.v1`.
 */
import { discrepancyEvents, lowStockEvents, shipmentEvents, stockRequestEvents } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { notifyDiscrepancy, notifyLowStock, notifyShipment, notifyStockRequest } from '../services/supply-notifications';
import { createNotificationConsumer, notificationRoute, type NotificationConsumerDeps } from './notification-consumer';

export function createInventoryNotifications(deps: NotificationConsumerDeps): BackgroundWorker {
  const { region, topicPrefix } = deps;
  return createNotificationConsumer(deps, 'inventory-notifications', [
    notificationRoute(stockRequestEvents.topic(region, topicPrefix), stockRequestEvents, notifyStockRequest),
    notificationRoute(shipmentEvents.topic(region, topicPrefix), shipmentEvents, notifyShipment),
    notificationRoute(discrepancyEvents.topic(region, topicPrefix), discrepancyEvents, notifyDiscrepancy),
    notificationRoute(lowStockEvents.topic(region, topicPrefix), lowStockEvents, notifyLowStock),
  ]);
}
