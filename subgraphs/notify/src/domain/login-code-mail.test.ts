import { loginCodeDelivery } from './login-code-mail';

describe('login code delivery', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');

  it('delivers a live code and drops one that expired on the way', () => {
    expect(loginCodeDelivery('2026-11-21T10:00:00.001Z', now)).toBe('deliver');
    expect(loginCodeDelivery('2026-11-21T10:00:00.000Z', now)).toBe('expired');
    expect(loginCodeDelivery('2026-11-21T09:59:00.000Z', now)).toBe('expired');
  });
});
