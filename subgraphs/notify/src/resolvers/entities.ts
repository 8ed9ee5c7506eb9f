import { notificationData, notificationLink } from '../domain/notifications';
import type { NotificationResolvers } from '../schema.generated';

export const Notification: NotificationResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.notification.load(id),
  link: (n) => notificationLink(n.linkEntity, n.linkId),
  data: (n) => notificationData(n.data),
};
