/**
 * Delivering a login code issued by the auth service of this region, by email over SMTP, in the
 * user's language (notify's projection of users; en when unknown).
 *
 * Login codes are sent inline, not through the email queue: the queue stores readable content,
 * and a login code must never rest readable in a database (auth keeps only its hash; Kafka carries
 * it sealed). The code arrives sealed (see @miw/auth seal) and is opened only to write the email.
 * The inbox row and the send share a transaction: a redelivered event sends nothing; a failed send
 * rolls back and the event comes again (the consumer retries). Expired codes are dropped.
 */
import type { Pool } from 'pg';
import { unseal } from '@miw/auth';
import type { EventEnvelope, LoginCodePayload } from '@miw/contracts';
import { claimInboxEvent, inTransaction } from '@miw/events';
import type { Logger } from '@miw/logging';
import { userLocale } from '../data/emails';
import { loginCodeDelivery } from '../domain/login-code-mail';
import type { Mailer } from '../mail';
import { loginCodeEmail } from '../mail/templates';

export interface DeliveryDeps {
  pool: Pool;
  mailer: Mailer;
  /** Opens the sealed code (shared with the auth service). */
  sealSecret: string;
  logger: Logger;
}

export type DeliveryOutcome = 'delivered' | 'duplicate' | 'expired' | 'unsealable';

export async function deliverLoginCode({ pool, mailer, sealSecret, logger }: DeliveryDeps, event: EventEnvelope<LoginCodePayload>, now = new Date()): Promise<DeliveryOutcome> {
  const { payload } = event;
  if (loginCodeDelivery(payload.expiresAt, now) === 'expired') {
    logger.info({ eventId: event.eventId }, 'login code expired before delivery; dropped');
    return 'expired';
  }
  let code: string;
  try {
    code = unseal(sealSecret, payload.sealedCode);
  } catch {
    logger.error({ eventId: event.eventId }, 'login code could not be unsealed; dropped');
    return 'unsealable';
  }
  const sent = await inTransaction(pool, async (client) => {
    if (!(await claimInboxEvent(client, 'notify', 'login-code-mailer', event))) return false;
    const locale = await userLocale(client, payload.userId);
    const email = loginCodeEmail({ locale, name: payload.name, code, expiresAt: payload.expiresAt });
    await mailer.send({ to: payload.email, ...email });
    return true;
  });
  // As before: a redelivery is logged like a delivery (the inbox made it a no-op).
  logger.info({ eventId: event.eventId, correlationId: event.correlationId }, 'login code delivered');
  return sent ? 'delivered' : 'duplicate';
}
