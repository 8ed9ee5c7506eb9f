/**
 * Email templates: every email has a plain-text and an HTML part, in the recipient's locale (en or
 * zh-CN). Everything that comes from data (names, titles, bodies, ids) is escaped in the HTML part;
 * the layout is a single centred card with inline styles, which mail clients render alike.
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

export interface TemplateOptions {
  /** Public base URL of the web app (PUBLIC_APP_URL); without it, emails carry no link. */
  appUrl?: string | undefined;
}

const WORDS = {
  en: {
    open: 'Open in MadeInWorld',
    notificationFooter: 'You get this email because email is on for this kind of notification. You can turn it off in your notification settings.',
    loginSubject: 'Your MadeInWorld login code',
    loginGreeting: (name: string) => `Hello ${name},`,
    loginLine: (code: string, expires: string) => `Your login code is ${code}. It expires at ${expires} and works once.`,
    loginIgnore: 'If you did not ask for it, you can ignore this email: nobody can sign in without the code.',
  },
  'zh-CN': {
    open: '在 MadeInWorld 中查看',
    notificationFooter: '您收到此邮件，是因为您为此类通知开启了邮件提醒。您可以在通知设置中关闭。',
    loginSubject: '您的 MadeInWorld 登录验证码',
    loginGreeting: (name: string) => `${name}，您好：`,
    loginLine: (code: string, expires: string) => `您的登录验证码是 ${code}，有效期至 ${expires}，仅可使用一次。`,
    loginIgnore: '如果这不是您本人的操作，请忽略此邮件：没有验证码，任何人都无法登录。',
  },
} satisfies Record<Locale, unknown>;

/** Where a notification's link leads in the web app. */
const ENTITY_PATHS: Record<NotificationEntity, string> = {
  ORDER: 'orders',
  STOCK_REQUEST: 'stock-requests',
  SHIPMENT: 'shipments',
  INVENTORY_LEVEL: 'inventory',
  STORE: 'stores',
  WEBHOOK_ENDPOINT: 'settings/webhooks',
  DAILY_REPORT: 'reports',
  SYNC: 'admin/sync',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The app URL of a link, or null without a base URL (or with one that is not http(s)). */
export function linkUrl(appUrl: string | undefined, link: NotificationEmailInput['link']): string | null {
  if (!appUrl || !link) return null;
  try {
    const base = new URL(appUrl.endsWith('/') ? appUrl : `${appUrl}/`);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') return null;
    return new URL(`${ENTITY_PATHS[link.entity]}/${encodeURIComponent(link.id)}`, base).toString();
  } catch {
    return null;
  }
}

/** A plain text as HTML paragraphs: escaped, blank lines split paragraphs, single newlines break lines. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The shared HTML frame; `content` must already be escaped. */
function layout(locale: Locale, title: string, content: string, footer: string): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>` +
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,\'PingFang SC\',\'Microsoft YaHei\',sans-serif;color:#18181b">' +
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">' +
    '<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px">' +
    `<tr><td style="font-size:13px;letter-spacing:.08em;color:#71717a;padding-bottom:16px">MADEINWORLD</td></tr>` +
    `<tr><td><h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>${content}</td></tr>` +
    `<tr><td style="font-size:12px;color:#71717a;padding-top:24px;border-top:1px solid #e4e4e7">${escapeHtml(footer)}</td></tr>` +
    '</table></td></tr></table></body></html>'
  );
}

/** The email sent for an in-app notification when the recipient's preference allows it. */
export function notificationEmail({ locale, title, body, link }: NotificationEmailInput, { appUrl }: TemplateOptions = {}): RenderedEmail {
  const words = WORDS[locale] ?? WORDS.en;
  const url = linkUrl(appUrl, link);
  const text = [body, ...(url ? [`${words.open}: ${url}`] : []), `-- \n${words.notificationFooter}`].join('\n\n') + '\n';
  const button = url
    ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="display:inline-block;background:#18181b;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px">${escapeHtml(words.open)}</a></p>`
    : '';
  return { subject: title, text, html: layout(locale, title, paragraphs(body) + button, words.notificationFooter) };
}

export interface LoginCodeEmailInput {
  locale: Locale;
  name: string;
  code: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** "2026-11-21 10:10 UTC": the same in both languages, so nobody misreads a time zone. */
const utcMinute = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The login-code email. */
export function loginCodeEmail({ locale, name, code, expiresAt }: LoginCodeEmailInput): RenderedEmail {
  const words = WORDS[locale] ?? WORDS.en;
  const expires = utcMinute(expiresAt);
  const greeting = words.loginGreeting(name);
  const line = words.loginLine(code, expires);
  const text = `${greeting}\n\n${line}\n\n${words.loginIgnore}\n`;
  const content =
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>` +
    `<p style="margin:0 0 16px">${escapeHtml(line)}</p>` +
    `<p style="margin:24px 0;font-size:32px;font-weight:700;letter-spacing:.3em;font-family:Menlo,Consolas,monospace">${escapeHtml(code)}</p>`;
  return { subject: words.loginSubject, text, html: layout(locale, words.loginSubject, content, words.loginIgnore) };
}
