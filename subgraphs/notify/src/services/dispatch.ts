/**
 * Turning a decision ("these users must be told this") into notifications: the in-app row, the
 * email where the recipient wants it, and the live event of `notificationAdded`, all in the
 * caller's transaction (with its inbox row), so a redelivered event notifies no one twice and a
 * failure leaves nothing half written.
 */
import { notifications } from '../metrics';
import type { PoolClient } from 'pg';
import { notificationEvents, type Locale, type OutboxMessage, type RegionCode } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import { emailOptOuts, insertEmailMessages, insertNotifications, type NewNotification, type WrittenNotification } from '../data/notifications';
import { notificationEmail } from '../mail/templates';
import type { NotificationEntity, NotificationType } from '../schema.generated';

/** A user to tell, as the notify projection knows them. */
export interface Recipient {
  id: string;
  email: string;
  name: string;
  locale: Locale;
}

export interface NotificationDraft {
  type: NotificationType;
  link: { entity: NotificationEntity; id: string } | null;
  /** Details for clients (JSON object). */
  data: Record<string, unknown>;
  /** The event that caused it: one notification per (event, user, type) whatever redelivers. */
  sourceEventId: string;
  /** Title and body in one locale. */
  message: (locale: Locale) => { title: string; body: string };
  /** Carried to the live event (default: `notify-<sourceEventId>`). */
  correlationId?: string;
}

/** Each recipient once, in the order given. */
function distinct(recipients: readonly Recipient[]): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const r of recipients) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}

function liveEvent(region: RegionCode, correlationId: string, n: WrittenNotification): OutboxMessage {
  return notificationEvents.message('added', {
    entityId: n.id,
    originRegion: region,
    entityUpdatedAt: n.createdAt,
    correlationId,
    payload: {
      id: n.id,
      userId: n.userId,
      type: n.type,
      title: n.title,
      body: n.body,
      locale: n.locale,
      link: n.link,
      data: n.data,
      readAt: null,
      createdAt: n.createdAt.toISOString(),
    },
  });
}

/**
 * In the caller's transaction: one notification per recipient (none twice for the same source
 * event and type), an email where the recipient's preference allows it, and the live event for
 * `notificationAdded`. Answers how many notifications were written.
 */
export async function dispatchNotifications(client: PoolClient, region: RegionCode, recipients: readonly Recipient[], draft: NotificationDraft): Promise<number> {
  const targets = distinct(recipients);
  if (targets.length === 0) return 0;
  // Each locale's text once, however many recipients read it.
  const texts = new Map<Locale, { title: string; body: string }>();
  const textOf = (locale: Locale) => texts.get(locale) ?? texts.set(locale, draft.message(locale)).get(locale)!;
  const rows: NewNotification[] = targets.map((r) => ({ userId: r.id, locale: r.locale, ...textOf(r.locale) }));
  const written = await insertNotifications(client, { type: draft.type, link: draft.link, data: draft.data, sourceEventId: draft.sourceEventId }, rows);
  if (written.length === 0) return 0;

  const byId = new Map(targets.map((r) => [r.id, r]));
  const optedOut = await emailOptOuts(client, draft.type, written.map((n) => n.userId));
  const emails = written
    .filter((n) => !optedOut.has(n.userId))
    .map((n) => ({ notificationId: n.id, userId: n.userId, to: byId.get(n.userId)!.email, kind: draft.type, ...notificationEmail({ locale: n.locale, title: n.title, body: n.body, link: draft.link }) }));
  await insertEmailMessages(client, emails);

  const correlationId = draft.correlationId ?? `notify-${draft.sourceEventId}`;
  await writeOutbox(client, 'notify', written.map((n) => liveEvent(region, correlationId, n)));
  notifications.inc({ channel: 'in_app' }, written.length);
  return written.length;
}
