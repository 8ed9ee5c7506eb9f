import { linkUrl, loginCodeEmail, notificationEmail } from './templates';

describe('email templates', () => {
  it('writes the login code email in English, with the code, its expiry and the name', () => {
    const mail = loginCodeEmail({ locale: 'en', name: 'Ada', code: '012345', expiresAt: '2026-11-21T10:10:00.000Z' });
    expect(mail.subject).toBe('Your MadeInWorld login code');
    expect(mail.text).toContain('Hello Ada,\n\nYour login code is 012345. It expires at 2026-11-21 10:10 UTC and works once.');
    expect(mail.html).toContain('012345');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('writes it in Simplified Chinese for zh-CN', () => {
    const mail = loginCodeEmail({ locale: 'zh-CN', name: '李雷', code: '987654', expiresAt: '2026-11-21T10:10:00.000Z' });
    expect(mail.subject).toBe('您的 MadeInWorld 登录验证码');
    expect(mail.text).toContain('李雷，您好：');
    expect(mail.text).toContain('您的登录验证码是 987654');
    expect(mail.html).toContain('<html lang="zh-CN">');
  });

  it('escapes everything that comes from data in the HTML part', () => {
    const hostile = '<script>alert("x")</script>&\'';
    const login = loginCodeEmail({ locale: 'en', name: hostile, code: '1', expiresAt: '2026-11-21T10:10:00.000Z' });
    const note = notificationEmail({ locale: 'en', title: hostile, body: `${hostile}\n\nsecond`, link: { entity: 'ORDER', id: '"><img src=x>' } }, { appUrl: 'https://app.madeinworld.dev' });
    for (const html of [login.html, note.html]) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    }
    expect(note.html).not.toContain('"><img');
    expect(note.subject).toBe(hostile);
  });

  it('renders a notification with its link in the app, or without a link when no app URL is set', () => {
    const input = { locale: 'zh-CN' as const, title: '订单已确认', body: '您的订单已确认。', link: { entity: 'ORDER' as const, id: 'b7f9d3f4-0000-4000-8000-000000000001' } };
    const withLink = notificationEmail(input, { appUrl: 'https://app.madeinworld.dev/' });
    expect(withLink.text).toContain('在 MadeInWorld 中查看: https://app.madeinworld.dev/orders/b7f9d3f4-0000-4000-8000-000000000001');
    expect(withLink.html).toContain('href="https://app.madeinworld.dev/orders/b7f9d3f4-0000-4000-8000-000000000001"');
    const without = notificationEmail(input);
    expect(without.text).not.toContain('http');
    expect(without.text).toContain('您的订单已确认。');
  });

  it('builds links only on http(s) base URLs', () => {
    expect(linkUrl('javascript:alert(1)', { entity: 'ORDER', id: 'x' })).toBeNull();
    expect(linkUrl('https://app.example/base', { entity: 'DAILY_REPORT', id: '2026-11-21' })).toBe('https://app.example/base/reports/2026-11-21');
    expect(linkUrl(undefined, { entity: 'ORDER', id: 'x' })).toBeNull();
  });
});
