import { decodeCursor, encodeCursor, pageSize, requireUuid, toConnection } from '@miw/service-kit';
import { listNotificationsOfUser } from '../data/notifications';
import type { Notification } from '../data/db';
import type { NotifyContext } from '../context';

const notificationCursor = (n: Notification) => encodeCursor('notification', [n.createdAt.toISOString(), n.id]);

function parseAfter(after: string | null | undefined): { createdAt: Date; id: string } | undefined {
  if (!after) return undefined;
  const [createdAt, id] = decodeCursor('notification', after, 2);
  const date = new Date(String(createdAt));
  if (Number.isNaN(date.getTime())) throw decodeCursor('notification', '', 2); // same BAD_USER_INPUT as a forged cursor
  return { createdAt: date, id: requireUuid(String(id), 'after') };
}

export const Query = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  async myNotifications(_: unknown, args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }, ctx: NotifyContext) {
    const size = pageSize(args.first);
    const after = parseAfter(args.after);
    if (!ctx.viewer) return toConnection([], 0, notificationCursor, false);
    const rows = size === 0 ? [] : await listNotificationsOfUser(ctx.db, ctx.viewer.userId, size + 1, { unreadOnly: Boolean(args.unreadOnly), after });
    for (const row of rows) ctx.loaders.notification.prime(row.id, row);
    return toConnection(rows, size, notificationCursor, Boolean(after));
  },
};
