/** Every notify query of notifications. Reads take the client; writes take the transaction they belong to. */
import type { PoolClient } from 'pg';
import type { Locale } from '@miw/contracts';
import { afterTimeCursor } from '@miw/service-kit';
import type { Notification, NotifyDb, Prisma } from './db';

export const findNotifications = (db: NotifyDb, ids: readonly string[]): Promise<Notification[]> =>
  db.notification.findMany({ where: { id: { in: [...ids] } } });

/** One page of a user's notifications ordered by (createdAt, id) descending, `limit` rows after the cursor. */
export function listNotificationsOfUser(
  db: NotifyDb,
  userId: string,
  limit: number,
  { unreadOnly = false, type, after }: { unreadOnly?: boolean; type?: string | undefined; after?: { createdAt: Date; id: string } | undefined } = {},
): Promise<Notification[]> {
  const where: Prisma.NotificationWhereInput = {
    userId,
    ...(unreadOnly ? { readAt: null } : {}),
    ...(type ? { type } : {}),
    ...(after ? afterTimeCursor(after, 'desc') : {}),
  };
  return db.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}

export const countUnread = (db: NotifyDb, userId: string): Promise<number> => db.notification.count({ where: { userId, readAt: null } });

/** Marks one of the user's notifications read (keeps the first read time); null when it is not theirs or does not exist. */
export async function markRead(db: NotifyDb, userId: string, id: string): Promise<Notification | null> {
  await db.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } });
  return db.notification.findFirst({ where: { id, userId } });
}

/** Marks every unread notification of the user read; answers how many changed. */
export async function markAllRead(db: NotifyDb, userId: string): Promise<number> {
  return (await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } })).count;
}

/** What a notification shares with the others of one dispatch. */
interface NotificationCommon {
  type: string;
  link: { entity: string; id: string } | null;
  data: Record<string, unknown>;
  sourceEventId: string;
}

/** One recipient's notification: their locale's text. */
export interface NewNotification {
  userId: string;
  locale: Locale;
  title: string;
  body: string;
}

export interface WrittenNotification extends NewNotification {
  id: string;
  type: string;
  link: { entity: string; id: string } | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * One statement for every recipient: rows already written for the same (source event, user, type)
 * are skipped, and only the rows written now are answered.
 */
export async function insertNotifications(client: PoolClient, common: NotificationCommon, rows: readonly NewNotification[]): Promise<WrittenNotification[]> {
  if (rows.length === 0) return [];
  const { rows: written } = await client.query<{ id: string; user_id: string; created_at: Date; n: string }>(
    `INSERT INTO notify.notification AS t (id, user_id, type, title, body, locale, link_entity, link_id, data, source_event_id)
     SELECT gen_random_uuid(), r.user_id, $5, r.title, r.body, r.locale, $6, $7, $8::jsonb, $9
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(user_id, title, body, locale, n)
      ORDER BY r.n
     ON CONFLICT (source_event_id, user_id, type) DO NOTHING
     RETURNING t.id, t.user_id, t.created_at`,
    [rows.map((r) => r.userId), rows.map((r) => r.title), rows.map((r) => r.body), rows.map((r) => r.locale), common.type, common.link?.entity ?? null, common.link?.id ?? null, JSON.stringify(common.data), common.sourceEventId],
  );
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  return written.map((w) => ({ ...byUser.get(w.user_id)!, id: w.id, type: common.type, link: common.link, data: common.data, createdAt: w.created_at }));
}

/** The users among `userIds` who turned email off for `type` (no row: email on). */
export async function emailOptOuts(client: PoolClient, type: string, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const { rows } = await client.query<{ user_id: string }>('SELECT user_id FROM notify.notification_preference WHERE type = $1 AND user_id = ANY($2::uuid[]) AND NOT email', [type, userIds]);
  return new Set(rows.map((r) => r.user_id));
}

interface NewEmail {
  notificationId: string;
  userId: string;
  to: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
}

/** Queues emails for the mail worker (one statement). */
export async function insertEmailMessages(client: PoolClient, emails: readonly NewEmail[]): Promise<void> {
  if (emails.length === 0) return;
  await client.query(
    `INSERT INTO notify.email_message (id, to_address, user_id, subject, text, html, kind, notification_id)
     SELECT gen_random_uuid(), r.to_address, r.user_id, r.subject, r.text, r.html, r.kind, r.notification_id
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[]) AS r(to_address, user_id, subject, text, html, kind, notification_id)`,
    [emails.map((e) => e.to), emails.map((e) => e.userId), emails.map((e) => e.subject), emails.map((e) => e.text), emails.map((e) => e.html), emails.map((e) => e.kind), emails.map((e) => e.notificationId)],
  );
}
