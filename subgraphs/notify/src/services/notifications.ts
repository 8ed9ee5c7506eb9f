/** Reading notifications: each user sees only their own. */
import type { Viewer } from '@miw/auth';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import type { createLoaders } from '../context';
import type { Notification, NotifyDb } from '../data/db';
import { listNotificationsOfUser } from '../data/notifications';

export const notificationCursor = timeCursor('notification');

export interface NotificationPage {
  size: number;
  after: TimeCursor | undefined;
  unreadOnly: boolean;
}

/** A page of the viewer's notifications, newest first; empty without a viewer. */
export async function listMyNotifications(
  { db, viewer, loaders }: { db: NotifyDb; viewer: Viewer; loaders: Pick<ReturnType<typeof createLoaders>, 'notification'> },
  page: NotificationPage,
): Promise<Connection<Notification>> {
  if (!viewer) return toConnection<Notification>([], 0, notificationCursor.encode, false);
  const rows = page.size === 0 ? [] : await listNotificationsOfUser(db, viewer.userId, page.size + 1, { unreadOnly: page.unreadOnly, after: page.after });
  for (const row of rows) loaders.notification.prime(row.id, row);
  return toConnection(rows, page.size, notificationCursor.encode, Boolean(page.after));
}
