/** Reading and marking notifications: each user sees and changes only their own. */
import { unauthenticated, type Viewer } from '@miw/auth';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import type { createLoaders } from '../context';
import type { Notification, NotifyDb } from '../data/db';
import { countUnread, listNotificationsOfUser, markAllRead, markRead } from '../data/notifications';
import type { NotificationType, NotifyErrorCode } from '../schema.generated';

export const notificationCursor = timeCursor('notification');

export interface NotificationPage {
  size: number;
  after: TimeCursor | undefined;
  unreadOnly: boolean;
  type: NotificationType | undefined;
}

type Deps = { db: NotifyDb; viewer: Viewer };

function userOf(viewer: Viewer): string {
  if (!viewer) throw unauthenticated('Sign in to read your notifications');
  return viewer.userId;
}

/** A page of the viewer's notifications, newest first; empty without a viewer. */
export async function listMyNotifications(
  { db, viewer, loaders }: Deps & { loaders: Pick<ReturnType<typeof createLoaders>, 'notification'> },
  page: NotificationPage,
): Promise<Connection<Notification>> {
  if (!viewer) return toConnection<Notification>([], 0, notificationCursor.encode, false);
  const rows = page.size === 0 ? [] : await listNotificationsOfUser(db, viewer.userId, page.size + 1, { unreadOnly: page.unreadOnly, type: page.type, after: page.after });
  for (const row of rows) loaders.notification.prime(row.id, row);
  return toConnection(rows, page.size, notificationCursor.encode, Boolean(page.after));
}

export const myUnreadCount = ({ db, viewer }: Deps): Promise<number> => countUnread(db, userOf(viewer));

interface NotificationResult {
  notification: Notification | null;
  errors: { code: NotifyErrorCode; field: string | null; message: string }[];
}

/** Marks one of the viewer's notifications read; someone else's answers NOT_FOUND, as an unknown id does (no hint it exists). */
export async function markMyNotificationRead({ db, viewer }: Deps, id: string): Promise<NotificationResult> {
  const notification = await markRead(db, userOf(viewer), id);
  if (!notification) return { notification: null, errors: [{ code: 'NOT_FOUND', field: 'id', message: 'You have no notification with this id' }] };
  return { notification, errors: [] };
}

export const markAllMyNotificationsRead = async ({ db, viewer }: Deps): Promise<{ count: number }> => ({ count: await markAllRead(db, userOf(viewer)) });
