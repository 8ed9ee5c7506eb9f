import { pageSize } from '@miw/service-kit';
import { listMyNotifications, notificationCursor } from '../services/notifications';
import type { QueryResolvers } from '../schema.generated';

export const Query: QueryResolvers = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  myNotifications: (_, args, ctx) =>
    listMyNotifications(ctx, { size: pageSize(args.first), after: notificationCursor.decode(args.after), unreadOnly: Boolean(args.unreadOnly) }),
};
