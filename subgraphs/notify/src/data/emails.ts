/**
 * The email queue (notify.email_message) and the locale lookup of login-code emails. Rows are
 * written by whoever decides to send (dispatch, reports) in their own transaction; the email
 * worker claims due rows with a lease, so several instances never send the same row at once.
 */
import type { Pool, PoolClient } from 'pg';
import { LOCALES, type Locale } from '@miw/contracts';

export interface QueuedEmail {
  id: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
  /** Attempts including the one just claimed. */
  attempts: number;
  createdAt: Date;
  /** The notification the email tells of, when it has a link: rendered again with the app's URL when sent. */
  linked: { locale: Locale; title: string; body: string; linkEntity: string; linkId: string } | null;
}

/**
 * Claims up to `limit` due, unsent rows: their next attempt moves `leaseMs` ahead (so a crashed
 * sender's rows come back after the lease) and their attempt count goes up. SKIP LOCKED lets
 * concurrent workers take disjoint batches.
 */
export async function claimDueEmails(pool: Pool, limit: number, leaseMs: number): Promise<QueuedEmail[]> {
  const { rows } = await pool.query<QueuedEmail>(
    `/* miw:background */ UPDATE notify.email_message m
        SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
      WHERE m.id IN (
        SELECT id FROM notify.email_message
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING m.id, m.to_address AS "toAddress", m.subject, m.text, m.html, m.kind, m.attempts, m.created_at AS "createdAt",
        (SELECT json_build_object('locale', n.locale, 'title', n.title, 'body', n.body, 'linkEntity', n.link_entity, 'linkId', n.link_id)
           FROM notify.notification n WHERE n.id = m.notification_id AND n.link_entity IS NOT NULL) AS linked`,
    [limit, leaseMs],
  );
  return rows;
}

export async function markEmailSent(pool: Pool, id: string): Promise<void> {
  await pool.query(`UPDATE notify.email_message SET sent_at = now(), last_error = NULL WHERE id = $1`, [id]);
}

export async function scheduleEmailRetry(pool: Pool, id: string, delayMs: number, error: string): Promise<void> {
  await pool.query(`UPDATE notify.email_message SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), last_error = $3 WHERE id = $1`, [id, delayMs, error]);
}

export async function markEmailFailed(pool: Pool, id: string, error: string): Promise<void> {
  await pool.query(`UPDATE notify.email_message SET failed_at = now(), last_error = $2 WHERE id = $1`, [id, error]);
}

/** The language a user reads (the notify projection of users); en when unknown. */
export async function userLocale(client: PoolClient | Pool, userId: string): Promise<Locale> {
  const { rows } = await client.query<{ locale: string }>(`SELECT locale FROM notify.user_projection WHERE id = $1`, [userId]);
  const locale = rows[0]?.locale;
  return (LOCALES as readonly string[]).includes(locale ?? '') ? (locale as Locale) : 'en';
}
