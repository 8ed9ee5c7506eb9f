/** Owned by the notifications helper: myNotifications, unreadNotificationCount, preferences, mark read. */
import type { MutationResolvers, QueryResolvers } from '../schema.generated';

export const notificationQueries: Pick<QueryResolvers, 'myNotifications' | 'unreadNotificationCount' | 'myNotificationPreferences'> = {};
export const notificationMutations: Pick<MutationResolvers, 'markNotificationRead' | 'markAllNotificationsRead' | 'setNotificationPreference'> = {};
