/**
 * The webhook fan-out: its own consumer group (`<prefix>notify.<region>.webhook-fanout`) over the
 * region's order and supply-chain topics, independent of the in-app notifications (a slow
 * receiver or a failing notification never holds the other back). Each event is read with its
 * contract and turned into deliveries (services/webhook-deliveries.ts) in the transaction of its
 * inbox claim; unreadable events are dead-lettered to `<region>.dlq.notify.webhook-fanout.v1`.
 */
import { discrepancyEvents, lowStockEvents, orderEvents, shipmentEvents, stockRequestEvents, type EventEnvelope, type RegionCode } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { fanOutEvent } from '../services/webhook-deliveries';
import { createNotificationConsumer, notificationRoute, type NotificationConsumerDeps } from './notification-consumer';

type Audienced = Record<string, unknown> & { audience: { organizationIds: string[] } };

export function createWebhookFanout(deps: NotificationConsumerDeps): BackgroundWorker {
  const { region, topicPrefix } = deps;
  const route = <P extends Audienced>(contract: { topic(region: RegionCode, prefix?: string): string; parse(event: EventEnvelope): EventEnvelope<P> }) =>
    notificationRoute(contract.topic(region, topicPrefix), contract, (client, _region, event) => fanOutEvent(client, event));
  return createNotificationConsumer(deps, 'webhook-fanout', [route(orderEvents), route(stockRequestEvents), route(shipmentEvents), route(discrepancyEvents), route(lowStockEvents)]);
}
