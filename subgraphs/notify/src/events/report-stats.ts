/**
 * The daily report's counters, fed by this region's order and inventory events (consumer group
 * `notify.<region>.report-stats`, one inbox row per event, claimed by the consumer).
 */
import { discrepancyEvents, lowStockEvents, orderEvents, shipmentEvents, stockRequestEvents } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { countDiscrepancyEvent, countLowStockEvent, countOrderEvent, countShipmentEvent, countStockRequestEvent } from '../services/reports';
import { createNotificationConsumer, notificationRoute, type NotificationConsumerDeps } from './notification-consumer';

export function createReportStatsConsumer(deps: NotificationConsumerDeps): BackgroundWorker {
  const topic = (contract: { topic(region: typeof deps.region, prefix?: string): string }) => contract.topic(deps.region, deps.topicPrefix);
  return createNotificationConsumer(deps, 'report-stats', [
    notificationRoute(topic(orderEvents), orderEvents, (client, _region, event) => countOrderEvent(client, event)),
    notificationRoute(topic(stockRequestEvents), stockRequestEvents, (client, _region, event) => countStockRequestEvent(client, event)),
    notificationRoute(topic(shipmentEvents), shipmentEvents, (client, _region, event) => countShipmentEvent(client, event)),
    notificationRoute(topic(discrepancyEvents), discrepancyEvents, (client, _region, event) => countDiscrepancyEvent(client, event)),
    notificationRoute(topic(lowStockEvents), lowStockEvents, (client, _region, event) => countLowStockEvent(client, event)),
  ]);
}
