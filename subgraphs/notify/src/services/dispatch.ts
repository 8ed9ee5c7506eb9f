/**
 * Turning a decision ("these users must be told this") into notifications (owned by the
 * notifications helper; the signature is final, the body is being written).
 */
import type { PoolClient } from 'pg';
import type { Locale, RegionCode } from '@miw/contracts';
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
}

/**
 * In the caller's transaction: one notification per recipient (none twice for the same source
 * event and type), an email where the recipient's preference allows it, and the live event for
 * `notificationAdded`. Answers how many notifications were written.
 */
export async function dispatchNotifications(client: PoolClient, region: RegionCode, recipients: readonly Recipient[], draft: NotificationDraft): Promise<number> {
  void client;
  void region;
  void recipients;
  void draft;
  throw new Error('dispatchNotifications: not implemented yet');
}
