/** The signed-in user's notifications and preferences: myNotifications, unreadNotificationCount, preferences, mark read. */
import { pageSize, requireUuid } from '@miw/service-kit';
import type { MutationResolvers, QueryResolvers } from '../schema.generated';
import { listMyNotifications, markAllMyNotificationsRead, markMyNotificationRead, myUnreadCount, notificationCursor } from '../services/notifications';
import { myPreferences, setPreference } from '../services/preferences';

export const notificationQueries: Pick<QueryResolvers, 'myNotifications' | 'unreadNotificationCount' | 'myNotificationPreferences'> = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  myNotifications: (_, args, ctx) =>
    listMyNotifications(ctx, { size: pageSize(args.first), after: notificationCursor.decode(args.after), unreadOnly: Boolean(args.unreadOnly), type: args.type ?? undefined }),
  unreadNotificationCount: (_, __, ctx) => myUnreadCount(ctx),
  myNotificationPreferences: (_, __, ctx) => myPreferences(ctx),
};

export const notificationMutations: Pick<MutationResolvers, 'markNotificationRead' | 'markAllNotificationsRead' | 'setNotificationPreference'> = {
  markNotificationRead: (_, { id }, ctx) => markMyNotificationRead(ctx, requireUuid(id, 'id')),
  markAllNotificationsRead: (_, __, ctx) => markAllMyNotificationsRead(ctx),
  setNotificationPreference: async (_, { input }, ctx) => ({ preference: await setPreference(ctx, input.type, input.email), errors: [] }),
};
