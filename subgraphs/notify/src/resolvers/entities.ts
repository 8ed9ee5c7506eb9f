import { notificationData } from '../domain/notifications';
import type { NotificationResolvers } from '../schema.generated';

export const Notification: NotificationResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.notification.load(id),
  data: (n) => notificationData(n.data),
};
