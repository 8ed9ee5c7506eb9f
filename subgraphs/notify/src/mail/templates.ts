/**
 * Email templates (owned by the channels helper; this first version is a placeholder with the final
 * signature). Every email has a plain-text and an HTML part in the recipient's locale.
 */
import type { Locale } from '@miw/contracts';
import type { NotificationEntity } from '../schema.generated';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface NotificationEmailInput {
  locale: Locale;
  title: string;
  body: string;
  link: { entity: NotificationEntity; id: string } | null;
}

/** The email sent for an in-app notification when the recipient's preference allows it. */
export function notificationEmail({ title, body }: NotificationEmailInput): RenderedEmail {
  return { subject: title, text: body, html: `<p>${body}</p>` };
}
