/**
 * Mailing an invitation to join an organization, issued by the auth service of this region. The
 * inbox claim and the queued email (notify.email_message, kind INVITATION, sent over SMTP by the
 * email worker) share a transaction: a redelivered event queues nothing twice. The text is written
 * in the invitee's language (en or zh-CN), as plain text and as HTML with every value escaped.
 */
import type { Pool } from 'pg';
import type { EventEnvelope, InvitationPayload, Locale } from '@miw/contracts';
import { claimInboxEvent, inTransaction } from '@miw/events';
import type { Logger } from '@miw/logging';

interface InvitationMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ROLE_NAMES: Record<Locale, Record<string, string>> = {
  en: { ADMIN: 'administrator', MANUFACTURER: 'manufacturer', LOGISTICS: 'logistics partner', PARTNER: 'store partner', CUSTOMER: 'customer' },
  'zh-CN': { ADMIN: '管理员', MANUFACTURER: '制造商', LOGISTICS: '物流合作伙伴', PARTNER: '门店合作伙伴', CUSTOMER: '顾客' },
};

/** The invitation email in the invitee's language; the expiry is written in UTC so every reader sees the same instant. */
function invitationMail(p: InvitationPayload): InvitationMail {
  const expires = `${p.expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
  const role = ROLE_NAMES[p.locale][p.role] ?? p.role;
  const inviter = p.invitedByName;
  if (p.locale === 'zh-CN') {
    const lines = [
      `${p.name}，您好：`,
      `${inviter ? `${inviter} 邀请您` : '您被邀请'}以${role}身份加入 MadeInWorld 上的「${p.organizationName}」。`,
      `请在 ${expires} 之前使用此邮箱地址（${p.email}）登录：申请登录验证码，我们会将验证码发送到此邮箱。首次登录即接受邀请。`,
      '如果您不认识该组织，请忽略此邮件。',
    ];
    return { subject: `邀请您加入「${p.organizationName}」`, text: lines.join('\n\n'), html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n') };
  }
  const lines = [
    `Hello ${p.name},`,
    `${inviter ? `${inviter} invited you` : 'You are invited'} to join ${p.organizationName} on MadeInWorld as ${role}.`,
    `Sign in with this email address (${p.email}) before ${expires}: ask for a login code and we send it to this address. Your first sign-in accepts the invitation.`,
    'If you do not know this organization, ignore this email.',
  ];
  return { subject: `You are invited to join ${p.organizationName}`, text: lines.join('\n\n'), html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n') };
}

export type InvitationOutcome = 'queued' | 'duplicate' | 'expired';

export async function queueInvitationMail({ pool, logger }: { pool: Pool; logger: Logger }, event: EventEnvelope<InvitationPayload>, now = new Date()): Promise<InvitationOutcome> {
  const { payload } = event;
  // An invitation that ran out on the way is not worth a mail: the invitee could no longer accept it.
  if (Date.parse(payload.expiresAt) <= now.getTime()) {
    logger.info({ eventId: event.eventId }, 'invitation expired before delivery; dropped');
    return 'expired';
  }
  const mail = invitationMail(payload);
  const queued = await inTransaction(pool, async (client) => {
    if (!(await claimInboxEvent(client, 'notify', 'invitation-mailer', event))) return false;
    await client.query(
      `INSERT INTO notify.email_message (id, to_address, user_id, subject, text, html, kind) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'INVITATION')`,
      [payload.email, payload.userId, mail.subject, mail.text, mail.html],
    );
    return true;
  });
  logger.info({ eventId: event.eventId, correlationId: event.correlationId, queued }, 'invitation mail queued');
  return queued ? 'queued' : 'duplicate';
}
