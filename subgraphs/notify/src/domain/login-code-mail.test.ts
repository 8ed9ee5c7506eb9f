import { loginCodeDelivery, loginCodeEmail } from './login-code-mail';

describe('login code delivery', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');

  it('delivers a live code and drops one that expired on the way', () => {
    expect(loginCodeDelivery('2026-11-21T10:00:00.001Z', now)).toBe('deliver');
    expect(loginCodeDelivery('2026-11-21T10:00:00.000Z', now)).toBe('expired');
    expect(loginCodeDelivery('2026-11-21T09:59:00.000Z', now)).toBe('expired');
  });

  it('writes the code, its expiry and the name into the email', () => {
    const mail = loginCodeEmail({ email: 'ada@partner.dev', name: 'Ada' }, '012345', '2026-11-21T10:10:00.000Z');
    expect(mail).toEqual({
      to: 'ada@partner.dev',
      subject: 'Your MadeInWorld login code',
      text: 'Hello Ada,\n\nYour login code is 012345. It expires at 2026-11-21T10:10:00.000Z and works once.\n',
      meta: { code: '012345' },
    });
  });
});
