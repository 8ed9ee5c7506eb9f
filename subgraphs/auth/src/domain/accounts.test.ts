import { checkLocale, erasedIdentity, invitationAtLogin, invitationStatus, localeOf, nameFromEmail, normalizePhone } from './accounts';

const now = new Date('2026-12-01T12:00:00.000Z');
const later = new Date('2026-12-08T12:00:00.000Z');
const earlier = new Date('2026-11-30T12:00:00.000Z');

describe('account rules', () => {
  it('normalises phone numbers to E.164 and refuses the rest', () => {
    expect(normalizePhone(' +49 (30) 1234-5678 ', 'p')).toEqual({ phone: '+493012345678', errors: [] });
    expect(normalizePhone('0086 138 0013 8000', 'p').phone).toBe('+8613800138000');
    for (const bad of ['12345', '+0123456789', '+1234', '+12345678901234567', 'call me']) expect(normalizePhone(bad, 'input.phone').errors).toEqual([{ code: 'INVALID', field: 'input.phone', message: expect.any(String) }]);
  });

  it('knows the languages and reads a missing one as en', () => {
    expect(checkLocale('zh-CN', 'l')).toEqual([]);
    expect(checkLocale('fr', 'input.locale')[0]).toMatchObject({ field: 'input.locale' });
    expect(localeOf(null)).toBe('en');
    expect(localeOf('zh-CN')).toBe('zh-CN');
  });

  it('erases to an undeliverable, unique address and derives names from emails', () => {
    expect(erasedIdentity('abc')).toEqual({ email: 'erased+abc@invalid', name: 'Deleted user', phone: null });
    expect(nameFromEmail('ada.l@x.dev')).toBe('ada.l');
  });

  it('decides what a login does about the invitation that made the account', () => {
    const base = { acceptedAt: null, revokedAt: null, expiresAt: later };
    expect(invitationAtLogin(null, now)).toBe('none');
    expect(invitationAtLogin(base, now)).toBe('accept');
    expect(invitationAtLogin({ ...base, expiresAt: earlier }, now)).toBe('expired');
    expect(invitationAtLogin({ ...base, acceptedAt: earlier }, now)).toBe('none');
    expect(invitationStatus({ ...base, revokedAt: earlier }, now)).toBe('REVOKED');
    expect(invitationStatus({ ...base, expiresAt: earlier }, now)).toBe('EXPIRED');
    expect(invitationStatus(base, now)).toBe('PENDING');
  });
});
