import { pageSize, timeCursor, toConnection } from '@miw/service-kit';
import { listNotificationsOfUser } from '../data/notifications';
import type { NotifyContext } from '../context';

const cursor = timeCursor('notification');
const notificationCursor = cursor.encode;


export const Query = {
  /** Arguments are validated even without a viewer, so a malformed request fails the same way signed in or not. */
  async myNotifications(_: unknown, args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null }, ctx: NotifyContext) {
    const size = pageSize(args.first);
    const after = cursor.decode(args.after);
    if (!ctx.viewer) return toConnection([], 0, notificationCursor, false);
    const rows = size === 0 ? [] : await listNotificationsOfUser(ctx.db, ctx.viewer.userId, size + 1, { unreadOnly: Boolean(args.unreadOnly), after });
    for (const row of rows) ctx.loaders.notification.prime(row.id, row);
    return toConnection(rows, size, notificationCursor, Boolean(after));
  },
};
