/**
 * Sending the queued emails (notify.email_message) over SMTP. Each pass claims a small batch with
 * a lease (data/emails.ts), sends them concurrently, and records each outcome: sent; a retry after
 * an exponential, jittered backoff; or given up (a permanent refusal, too many attempts, or content
 * too old to be useful). A crash between the send and the record sends that email again after the
 * lease: delivery is at least once, as with every SMTP relay.
 */
import { notifications } from '../metrics';
import type { Pool } from 'pg';
import type { Logger } from '@miw/logging';
import { backoffDelay } from '@miw/retry';
import { claimDueEmails, markEmailFailed, markEmailSent, scheduleEmailRetry, type QueuedEmail } from '../data/emails';
import { afterEmailFailure, type EmailRetryPolicy } from '../domain/email';
import { MailError, type Mailer } from '../mail';
import { notificationEmail } from '../mail/templates';
import type { NotificationEntity } from '../schema.generated';

export interface EmailDeliverySettings extends EmailRetryPolicy {
  batchSize: number;
  /** How long a claimed row is reserved for its sender. */
  leaseMs: number;
  /** Backoff of retries: the first waits up to `retryBaseMs`, doubling up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_EMAIL_DELIVERY: EmailDeliverySettings = {
  batchSize: 20,
  leaseMs: 120_000,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  maxAttempts: 10,
  maxAgeMs: 24 * 3_600_000,
};

export interface EmailDeliveryDeps {
  pool: Pool;
  mailer: Mailer;
  logger: Logger;
  /** Public base URL of the web app (PUBLIC_APP_URL): notification emails link into it. */
  appUrl?: string | undefined;
}

/**
 * What is sent: the queued content, or, for a notification with a link and an app URL configured,
 * the notification rendered again with its link (the notification is written where the app URL is
 * not known; the sender is configured with it).
 */
function contentOf(email: QueuedEmail, appUrl: string | undefined): { subject: string; text: string; html: string } {
  const { linked } = email;
  if (!linked || !appUrl) return email;
  return notificationEmail(
    { locale: linked.locale, title: linked.title, body: linked.body, link: { entity: linked.linkEntity as NotificationEntity, id: linked.linkId } },
    { appUrl },
  );
}

/** One pass; answers whether the batch was full (more may be due). */
export async function sendDueEmails(deps: EmailDeliveryDeps, settings: EmailDeliverySettings): Promise<boolean> {
  const batch = await claimDueEmails(deps.pool, settings.batchSize, settings.leaseMs);
  await Promise.all(batch.map((email) => sendOne(deps, settings, email)));
  return batch.length === settings.batchSize;
}

async function sendOne({ pool, mailer, logger, appUrl }: EmailDeliveryDeps, settings: EmailDeliverySettings, email: QueuedEmail): Promise<void> {
  try {
    await mailer.send({ to: email.toAddress, ...contentOf(email, appUrl) });
    await markEmailSent(pool, email.id);
    notifications.inc({ channel: 'email' });
    return;
  } catch (error) {
    const permanent = error instanceof MailError && error.permanent;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const step = afterEmailFailure({ attempts: email.attempts, createdAt: email.createdAt, permanent }, settings, new Date());
    if (step.give === 'up') {
      logger.warn({ emailId: email.id, kind: email.kind, attempts: email.attempts, reason: step.reason }, 'email given up');
      await markEmailFailed(pool, email.id, `${step.reason}: ${message}`);
    } else {
      await scheduleEmailRetry(pool, email.id, backoffDelay(email.attempts, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs }), message);
    }
  }
}
