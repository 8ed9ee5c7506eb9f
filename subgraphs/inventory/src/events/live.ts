/**
 * The live inventory events of this instance, for subscriptions: one Kafka consumer per instance
 * (`@miw/events` createLiveEvents) on this region's level, shipment and stock request topics, so a
 * change committed through any instance reaches subscribers on every instance. Each event is read
 * with its contract once, however many streams receive it; an event that does not match its
 * contract is logged with the reason and reaches no one.
 */
import { contractReader, createLiveEvents, filterMap, type EventBus, type LiveStream } from '@miw/events';
import { inventoryLevelEvents, shipmentEvents, stockRequestEvents, type EventEnvelope, type LevelPayload, type RegionCode, type ShipmentPayload, type StockRequestPayload } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';

/** Maps each payload of a stream to what the stream yields; undefined skips the event. */
type LiveMap<P, U> = (payload: P) => U | undefined;

/** Streams of live events, each payload passed through `map` (one step per event: no extra stream layers). */
export interface InventoryLiveEvents extends BackgroundWorker {
  /** The level changes of a store. */
  storeLevels<U>(storeId: string, map: LiveMap<LevelPayload, U>): LiveStream<U>;
  /** The changes of one shipment. */
  shipment<U>(id: string, map: LiveMap<ShipmentPayload, U>): LiveStream<U>;
  /** Every shipment change of the region. */
  allShipments<U>(map: LiveMap<ShipmentPayload, U>): LiveStream<U>;
  /** The changes of one stock request. */
  stockRequest<U>(id: string, map: LiveMap<StockRequestPayload, U>): LiveStream<U>;
  /** Open streams (metrics, tests). */
  readonly listening: number;
}

export interface LiveDeps {
  bus: EventBus;
  region: RegionCode;
  topicPrefix: string;
  logger: Logger;
}

/** The dispatch key of every shipment event, for `myShipmentsUpdated`. */
const ALL_SHIPMENTS = 'shipments';

export function createInventoryLiveEvents({ bus, region, topicPrefix, logger }: LiveDeps): InventoryLiveEvents {
  const log = logger.child({ component: 'inventory-live' });

  const reader = <P>(contract: { parse(event: EventEnvelope): EventEnvelope<P> }) => contractReader(contract, log);

  const levels = reader(inventoryLevelEvents);
  const shipments = reader(shipmentEvents);
  const requests = reader(stockRequestEvents);
  const topics = {
    level: inventoryLevelEvents.topic(region, topicPrefix),
    shipment: shipmentEvents.topic(region, topicPrefix),
    stockRequest: stockRequestEvents.topic(region, topicPrefix),
  };
  const live = createLiveEvents({
    bus,
    topics: {
      [topics.level]: (e) => {
        const level = levels(e);
        return level ? [`store:${level.storeId}`] : [];
      },
      [topics.shipment]: (e) => (shipments(e) ? [`shipment:${e.entityId}`, ALL_SHIPMENTS] : []),
      [topics.stockRequest]: (e) => (requests(e) ? [`stock_request:${e.entityId}`] : []),
    },
    groupPrefix: `inventory-${region}.live`,
    logger,
  });
  const listen = <P, U>(topic: string, key: string, read: (event: EventEnvelope) => P | undefined, map: LiveMap<P, U>): LiveStream<U> =>
    filterMap(live.listen(topic, key), (event) => {
      const payload = read(event);
      return payload === undefined ? undefined : map(payload);
    });

  return {
    start: () => live.start(),
    stop: () => live.stop(),
    storeLevels: (storeId, map) => listen(topics.level, `store:${storeId}`, levels, map),
    shipment: (id, map) => listen(topics.shipment, `shipment:${id}`, shipments, map),
    allShipments: (map) => listen(topics.shipment, ALL_SHIPMENTS, shipments, map),
    stockRequest: (id, map) => listen(topics.stockRequest, `stock_request:${id}`, requests, map),
    get listening() {
      return live.listening;
    },
  };
}
