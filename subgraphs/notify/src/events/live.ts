/**
 * The live notifications of this instance, for `notificationAdded`: one Kafka consumer per
 * instance (`createLiveEvents` of @miw/events) on this region's notification topic, dispatched per
 * recipient. Every instance sees every notification, whichever instance's consumer wrote it. Each
 * event is read with its contract once; one that does not match is logged and reaches no one.
 */
import { contractReader, createLiveEvents, filterMap, type EventBus, type LiveStream } from '@miw/events';
import { notificationEvents, type NotificationPayload, type RegionCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import type { BackgroundWorker } from '@miw/service-kit';

export interface NotifyLiveEvents extends BackgroundWorker {
  /** The new notifications of one user, each passed through `map` (undefined skips it). */
  user<U>(userId: string, map: (payload: NotificationPayload) => U | undefined): LiveStream<U>;
}

export function createNotifyLiveEvents({ bus, region, topicPrefix, logger }: { bus: EventBus; region: RegionCode; topicPrefix: string; logger: Logger }): NotifyLiveEvents {
  const payloadOf = contractReader(notificationEvents, logger.child({ component: 'notify-live' }));
  const topic = notificationEvents.topic(region, topicPrefix);
  const live = createLiveEvents({
    bus,
    topics: {
      [topic]: (event) => {
        const notification = payloadOf(event);
        return notification ? [`user:${notification.userId}`] : [];
      },
    },
    groupPrefix: `notify-${region}.live`,
    logger,
  });
  return {
    start: () => live.start(),
    stop: () => live.stop(),
    user: (userId, map) =>
      filterMap(live.listen(topic, `user:${userId}`), (event) => {
        const payload = payloadOf(event);
        return payload === undefined ? undefined : map(payload);
      }),
  };
}
