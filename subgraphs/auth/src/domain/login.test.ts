import {
  hashLoginCode,
  hashRefreshToken,
  isPlausibleLoginCode,
  isPlausibleRefreshToken,
  judgeRefreshToken,
  loginCodeExpiry,
  newLoginCode,
  newRefreshToken,
  normalizeEmail,
  overCodeLimit,
  rateWindowStart,
  sameHash,
} from './login';

describe('login rules', () => {
  it('normalizes plausible emails and rejects the rest', () => {
    expect(normalizeEmail('  Ada@MadeInWorld.dev ')).toBe('ada@madeinworld.dev');
    for (const bad of ['', 'ada', 'ada@', '@x.dev', 'a b@x.dev', `${'a'.repeat(250)}@x.dev`, 'ada@localhost']) expect(normalizeEmail(bad)).toBeNull();
  });

  it('makes 6-digit codes and binds their hash to the email', () => {
    for (let i = 0; i < 50; i++) expect(newLoginCode()).toMatch(/^\d{6}$/);
    const h = hashLoginCode('s', 'a@x.dev', '123456');
    expect(sameHash(h, hashLoginCode('s', 'a@x.dev', '123456'))).toBe(true);
    expect(sameHash(h, hashLoginCode('s', 'b@x.dev', '123456'))).toBe(false);
    expect(sameHash(h, hashLoginCode('t', 'a@x.dev', '123456'))).toBe(false);
  });

  it('makes opaque refresh tokens', () => {
    const t = newRefreshToken();
    expect(isPlausibleRefreshToken(t)).toBe(true);
    expect(isPlausibleRefreshToken(`${t}x`)).toBe(false);
    expect(hashRefreshToken(t)).not.toContain(t);
  });

  it('takes only six digits as a code', () => {
    expect(isPlausibleLoginCode('012345')).toBe(true);
    for (const bad of ['', '12345', '1234567', 'abcdef', "' OR 1=1 --"]) expect(isPlausibleLoginCode(bad)).toBe(false);
  });

  it('limits codes per email (5) and per client address (20) in a 10-minute window', () => {
    expect(overCodeLimit({ byEmail: 4, byIp: 19 })).toBe(false);
    expect(overCodeLimit({ byEmail: 5, byIp: 0 })).toBe(true);
    expect(overCodeLimit({ byEmail: 0, byIp: 20 })).toBe(true);
    const now = new Date('2026-11-21T10:00:00Z');
    expect(rateWindowStart(now).toISOString()).toBe('2026-11-21T09:50:00.000Z');
    expect(loginCodeExpiry(now).toISOString()).toBe('2026-11-21T10:10:00.000Z');
  });

  it('uses a refresh token once, and calls a second use reuse', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    const live = { expiresAt: new Date('2026-12-01T00:00:00Z'), rotatedAt: null, revokedAt: null };
    expect(judgeRefreshToken(live, now)).toBe('usable');
    expect(judgeRefreshToken({ ...live, rotatedAt: now }, now)).toBe('reused');
    expect(judgeRefreshToken({ ...live, rotatedAt: now, revokedAt: now }, now)).toBe('rejected');
    expect(judgeRefreshToken({ ...live, expiresAt: now }, now)).toBe('rejected');
    expect(judgeRefreshToken(null, now)).toBe('rejected');
  });
});
