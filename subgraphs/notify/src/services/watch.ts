/**
 * `notificationAdded`: the signed-in user's new notifications, from this instance's live events.
 * Each event names its one recipient; the stream listens under the viewer's id only, and every
 * event is checked against the viewer again before it is delivered.
 */
import { unauthenticated } from '@miw/auth';
import type { NotificationPayload } from '@miw/contracts';
import type { LiveStream } from '@miw/events';
import type { Notification } from '../data/db';
import type { NotifyLiveEvents } from '../events/live';
import type { NotifyContext } from '../context';

/** The stored row a live event stands for (what the Notification resolvers read). */
function rowOf(p: NotificationPayload, sourceEventId: string | null = null): Notification {
  return {
    id: p.id,
    userId: p.userId,
    type: p.type,
    title: p.title,
    body: p.body,
    locale: p.locale,
    linkEntity: p.link?.entity ?? null,
    linkId: p.link?.id ?? null,
    data: p.data as Notification['data'],
    sourceEventId,
    readAt: p.readAt ? new Date(p.readAt) : null,
    createdAt: new Date(p.createdAt),
  };
}

export function watchMyNotifications(ctx: Pick<NotifyContext, 'viewer'>, live: NotifyLiveEvents): LiveStream<Notification> {
  const viewer = ctx.viewer;
  if (!viewer) throw unauthenticated('Sign in to subscribe');
  return live.user(viewer.userId, (payload) => (payload.userId === viewer.userId ? rowOf(payload) : undefined));
}
