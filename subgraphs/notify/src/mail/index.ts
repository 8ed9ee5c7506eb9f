/**
 * Outgoing email, over SMTP with nodemailer: the one way notify sends mail, in every environment.
 * Production points SMTP_URL at a real relay; development and tests point it at the SMTP sink of
 * @miw/local-infra (`npm start` runs one), so the same code path runs every day.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from '@miw/logging';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the relay accepted the message; rejects with a `MailError` otherwise. */
  send(email: Email): Promise<void>;
  close(): Promise<void>;
}

/** A failed send; `permanent` when the relay refused it for good (5xx: a bad address, a policy). */
export class MailError extends Error {
  override name = 'MailError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Whether the relay of an smtp(s):// URL is on this host's loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackRelay(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 or smtps://host:465 (nodemailer's connection URL). */
  url: string;
  /** The From header, e.g. `MadeInWorld <no-reply@madeinworld.dev>`. */
  from: string;
  /** Production: refuse to send without TLS (STARTTLS on smtp://, implicit on smtps://). */
  requireTls?: boolean;
  logger: Logger;
}

/** A pooled SMTP connection (a few connections reused across messages) to the relay of SMTP_URL. */
export function smtpMailer({ url, from, requireTls = false, logger }: SmtpMailerOptions): Mailer {
  const transport: Transporter = createTransport({
    url,
    pool: true,
    maxConnections: 5,
    // A relay that hangs must not hold the worker: each stage has its own bound.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    requireTLS: requireTls,
  });
  const log = logger.child({ component: 'smtp' });
  return {
    async send({ to, subject, text, html }) {
      try {
        await transport.sendMail({ from, to, subject, text, html });
      } catch (error) {
        const { message, responseCode } = error as { message?: string; responseCode?: number };
        const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
        // The address is personal data and the content may be a secret: only the relay's answer is logged.
        log.warn({ responseCode, permanent }, 'SMTP send failed');
        throw new MailError(`SMTP: ${message ?? String(error)}`.slice(0, 500), permanent);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/**
 * No relay configured (a test that does not care about email): says so in the log, without the
 * content, and drops the message. Production never runs with it (SMTP_URL is required there).
 */
export function unconfiguredMailer(logger: Logger): Mailer {
  return {
    send: async ({ subject }) => logger.warn({ subject }, 'no SMTP relay configured (SMTP_URL); email not sent'),
    close: async () => undefined,
  };
}
