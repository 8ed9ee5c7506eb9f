/**
 * `notificationAdded`, served to the gateway over graphql-ws (service-kit) from this instance's
 * live notification events (src/events/live.ts; the stream and its per-event check are
 * src/services/watch.ts). Open to every signed-in user, for their own notifications only.
 */
import type { Notification } from '../data/db';
import type { SubscriptionResolvers } from '../schema.generated';
import { watchMyNotifications } from '../services/watch';

export const notificationSubscriptions: SubscriptionResolvers = {
  notificationAdded: {
    subscribe: (_, __, ctx) => watchMyNotifications(ctx, ctx.live()),
    resolve: (notification: Notification) => notification,
  },
};
