import { GraphQLError } from 'graphql';
import { authorizationOf, credentialCheck, expiryOf } from './credential';

const jwt = (claims: object) => `Bearer h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
const user = { kind: 'user' as const, userId: 'u', role: 'CUSTOMER' as const, organizationId: null, region: 'eu' as const, scopes: [] };

describe('expiryOf', () => {
  it('reads the exp claim of a bearer token, and nothing else', () => {
    expect(expiryOf(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000);
    expect(expiryOf(jwt({ exp: 'soon' }))).toBeUndefined();
    expect(expiryOf('Bearer h.!!!.s')).toBeUndefined();
    expect(expiryOf('ApiKey abc')).toBeUndefined();
  });
});

describe('authorizationOf', () => {
  it('takes connection_init.payload.authorization when it is a string', () => {
    expect(authorizationOf({ authorization: 'ApiKey k' })).toBe('ApiKey k');
    expect(authorizationOf({ authorization: 42 })).toBeUndefined();
    expect(authorizationOf(undefined)).toBeUndefined();
  });
});

describe('credentialCheck', () => {
  const never = async () => Promise.reject(new Error('not called'));

  it('never refuses an anonymous connection', async () => {
    await expect(credentialCheck(undefined, 'c', never)()).resolves.toBeNull();
  });

  it('refuses a token once it expired', async () => {
    let now = 999_999;
    const check = credentialCheck(jwt({ exp: 1_000 }), 'c', never, () => now);
    await expect(check()).resolves.toBeNull();
    now = 1_000_000;
    expect((await check())?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('re-verifies an API key: refused once revoked, kept while the auth service does not answer', async () => {
    let answer: () => Promise<typeof user | null> = async () => user;
    const check = credentialCheck('ApiKey k', 'c', () => answer());
    await expect(check()).resolves.toBeNull();
    answer = async () => Promise.reject(new Error('auth service down'));
    await expect(check()).resolves.toBeNull();
    answer = async () => Promise.reject(new GraphQLError('API key rejected', { extensions: { code: 'UNAUTHENTICATED' } }));
    expect((await check())?.message).toBe('The API key was revoked or is no longer valid');
    answer = async () => null;
    expect((await check())?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
