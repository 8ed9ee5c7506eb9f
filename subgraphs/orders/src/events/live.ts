/**
 * The live order events of this instance, for subscriptions: one Kafka consumer per instance
 * (`createLiveEvents` of @miw/events) on this region's order topic, dispatched per order and per
 * store. Each event is read with its contract once; one that does not match is logged and reaches
 * no one.
 */
import { contractReader, createLiveEvents, filterMap, type EventBus, type LiveStream } from '@miw/events';
import { orderEvents, type OrderPayload, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';

export interface OrdersLiveEvents extends BackgroundWorker {
  /** The changes of one order, each passed through `map` (undefined skips it). */
  order<U>(orderId: string, map: (payload: OrderPayload) => U | undefined): LiveStream<U>;
  /** The new and changed orders of one store. */
  store<U>(storeId: string, map: (payload: OrderPayload) => U | undefined): LiveStream<U>;
}

export function createOrdersLiveEvents({ bus, region, topicPrefix, logger }: { bus: EventBus; region: RegionCode; topicPrefix: string; logger: Logger }): OrdersLiveEvents {
  const log = logger.child({ component: 'orders-live' });
  const payloadOf = contractReader(orderEvents, log);
  const topic = orderEvents.topic(region, topicPrefix);
  const live = createLiveEvents({
    bus,
    topics: {
      [topic]: (event) => {
        const order = payloadOf(event);
        return order ? [`order:${order.id}`, `store:${order.storeId}`] : [];
      },
    },
    groupPrefix: `orders-${region}.live`,
    logger,
  });
  const listen = <U>(key: string, map: (payload: OrderPayload) => U | undefined): LiveStream<U> =>
    filterMap(live.listen(topic, key), (event) => {
      const payload = payloadOf(event);
      return payload === undefined ? undefined : map(payload);
    });
  return {
    start: () => live.start(),
    stop: () => live.stop(),
    order: (orderId, map) => listen(`order:${orderId}`, map),
    store: (storeId, map) => listen(`store:${storeId}`, map),
  };
}
