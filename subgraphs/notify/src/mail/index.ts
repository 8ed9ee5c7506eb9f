/**
 * Outgoing email. Development writes each message as a JSON line to a mailbox file; a real
 * provider (SMTP or an API) plugs in behind the same interface with the notifications issue.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@miw/logging';

export interface Email {
  to: string;
  subject: string;
  text: string;
  /** Structured data for development tooling (the mailbox file); never logged. */
  meta?: Record<string, string>;
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

export function fileMailer(file: string): Mailer {
  return {
    async send({ to, subject, text, meta }) {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), to, subject, text, ...meta })}\n`, { mode: 0o600 });
    },
  };
}

/** No provider configured: says so in the log (without the content) and drops the message. */
export function unconfiguredMailer(logger: Logger): Mailer {
  return { send: async ({ subject }) => logger.warn({ subject }, 'no email provider configured; message not sent') };
}
