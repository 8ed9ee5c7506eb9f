/**
 * Notify events (`<region>.notify.notification.v1`): a notification was written for one user.
 * Region-local and live only: the notify subgraph of the same region reads it to serve the
 * `notificationAdded` subscription (every instance sees every notification, whichever instance
 * wrote it). Notifications never leave their region, so the sync worker never routes this topic.
 *
 * The payload is the notification as the GraphQL `Notification` object needs it (dates as ISO
 * strings), plus `userId`: the one user allowed to receive it.
 */
import { z } from 'zod';
import { defineEvent } from '../contract';
import { timestamp, uuid } from '../fields';
import { LOCALES } from './auth';

/** An upper-case GraphQL enum value (NotificationType, NotificationEntity): the schema is their one definition. */
const enumValue = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'not an enum value');

const notificationPayload = z.object({
  id: uuid,
  /** The recipient: the only user who may see it. */
  userId: uuid,
  type: enumValue,
  title: z.string(),
  body: z.string(),
  locale: z.enum(LOCALES),
  /** What it is about (a UUID, or for daily reports a date, for sync a direction); null: nothing in particular. */
  link: z.object({ entity: enumValue, id: z.string().min(1).max(100) }).nullable(),
  data: z.record(z.string(), z.unknown()),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});

export type NotificationPayload = z.output<typeof notificationPayload>;

export const notificationEvents = defineEvent({ domain: 'notify', topic: 'notification', entity: 'Notification', verbs: ['added'], payload: notificationPayload });

/** Every notify contract (region-local: never mirrored). */
export const NOTIFY_CONTRACTS = [notificationEvents] as const;
