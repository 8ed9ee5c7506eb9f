/**
 * The consumer of this region's order events (`<region>.orders.order.v1`): the shopper and the
 * store's partner hear of their orders (src/services/order-notifications.ts decides who).
 * Dead letters: `<region>.dlq.notify.order-notifications.v1`.
 */
import { orderEvents } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { notifyOrder } from '../services/order-notifications';
import { createNotificationConsumer, notificationRoute, type NotificationConsumerDeps } from './notification-consumer';

export function createOrderNotifications(deps: NotificationConsumerDeps): BackgroundWorker {
  return createNotificationConsumer(deps, 'order-notifications', [notificationRoute(orderEvents.topic(deps.region, deps.topicPrefix), orderEvents, notifyOrder)]);
}
