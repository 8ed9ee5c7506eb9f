/** Every notify query. Reads take the client; writes take the transaction they belong to. */
import { afterTimeCursor } from '@miw/service-kit';
import type { Notification, NotifyDb, Prisma } from './db';

export const findNotifications = (db: NotifyDb, ids: readonly string[]): Promise<Notification[]> =>
  db.notification.findMany({ where: { id: { in: [...ids] } } });

/** One page of a user's notifications ordered by (createdAt, id) descending, `limit` rows after the cursor. */
export function listNotificationsOfUser(
  db: NotifyDb,
  userId: string,
  limit: number,
  { unreadOnly = false, after }: { unreadOnly?: boolean; after?: { createdAt: Date; id: string } | undefined } = {},
): Promise<Notification[]> {
  const where: Prisma.NotificationWhereInput = {
    userId,
    ...(unreadOnly ? { readAt: null } : {}),
    ...(after ? afterTimeCursor(after, 'desc') : {}),
  };
  return db.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}
