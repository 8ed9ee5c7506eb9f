/**
 * The notify service's environment: the domain service settings plus email and webhooks.
 * Production refuses to start without SMTP_URL (login codes and notifications go out by email)
 * and with WEBHOOK_ALLOW_PRIVATE=true (webhooks must never reach our own network).
 */
import { DomainServiceEnv, Flag, HttpUrl, z } from '@miw/config';

export const NotifyEnv = DomainServiceEnv.extend({
  /** The SMTP relay, e.g. smtp://user:pass@smtp.example.com:587 or smtps://...:465. Development: the sink npm start runs. */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From header of every email. */
  MAIL_FROM: z.string().min(3).max(200).default('MadeInWorld <no-reply@madeinworld.dev>'),
  /** Public base URL of the web app, for links in emails. */
  PUBLIC_APP_URL: HttpUrl.optional(),
  /** Webhooks may target http and private, loopback or link-local addresses (default: true outside production; refused in production). */
  WEBHOOK_ALLOW_PRIVATE: Flag.optional(),
  /** Ceiling of the first webhook retry's wait; doubles per attempt up to 2 h, for a day. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** How often the webhook sender and the email worker look for due work. */
  NOTIFY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
}).superRefine((env, issues) => {
  if (env.NODE_ENV !== 'production') return;
  if (!env.SMTP_URL) issues.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production: login codes and notifications are sent by email over SMTP' });
  if (env.WEBHOOK_ALLOW_PRIVATE) issues.addIssue({ code: 'custom', path: ['WEBHOOK_ALLOW_PRIVATE'], message: 'must not be true in production: webhooks never reach private addresses there' });
});
export type NotifyEnv = z.infer<typeof NotifyEnv>;
