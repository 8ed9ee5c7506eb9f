import { hashLoginCode, hashRefreshToken, isPlausibleRefreshToken, newLoginCode, newRefreshToken, normalizeEmail, sameHash } from './login';

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
});
