import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '@miw/logging';
import { verifyAccessToken } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-auth';
import { createTestDatabase, graphql, sentLoginCodes, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

const REQUEST = `mutation($email: String!) { requestLoginCode(input: { email: $email }) { expiresInSeconds } }`;
const VERIFY = `mutation($email: String!, $code: String!) { verifyLoginCode(input: { email: $email, code: $code }) { accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt user { id email role } errors { code message } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken user { id } errors { code } } }`;
const LOGOUT = `mutation($t: String!) { logout(input: { refreshToken: $t }) { sessionsEnded } }`;

interface Tokens {
  accessToken: string | null;
  refreshToken: string | null;
  user: { id: string; email: string; role: string } | null;
  errors: { code: string; message: string }[];
}

describe('passwordless login and sessions, through the gateway (real PostgreSQL)', () => {
  let db: TestDatabase;
  let authSg: RunningSubgraph;
  let gateway: TestGateway;
  /** Every call goes through the gateway, as clients' calls do. */
  let auth: { url: string; pool: RunningSubgraph['pool'] };
  const logLines: string[] = [];
  const logs = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
  const orgId = randomUUID();
  const user = { id: randomUUID(), email: 'paula@partner.dev' };

  beforeAll(async () => {
    db = await createTestDatabase('login');
    const keys = await testKeys();
    authSg = await startTestSubgraph({
      domain: 'auth',
      databaseUrl: db.url,
      logger: createLogger({ service: 'auth', level: 'trace', destination: logs }),
      createApp: (deps) => createApp({ ...deps, keys }),
    });
    // The tests play clients behind a load balancer on loopback that sets X-Forwarded-For.
    gateway = await startTestGateway({ auth: authSg.url }, { trustProxy: 'loopback', limits: { perIp: 10_000 } });
    auth = { url: gateway.url, pool: authSg.pool };
    await auth.pool.query(`INSERT INTO auth.organization (id, name, kind, origin_region, updated_at) VALUES ($1, 'Partner Co', 'PARTNER', 'eu', now())`, [orgId]);
    await auth.pool.query(`INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at) VALUES ($1, $2, 'Paula', 'PARTNER', $3, 'eu', 'eu', now())`, [user.id, user.email, orgId]);
  });
  afterAll(async () => {
    await gateway?.close();
    await authSg?.close();
    await db?.drop();
  });

  const request = async (email: string, ip = '198.51.100.1') => graphql<{ requestLoginCode: { expiresInSeconds: number } }>(auth.url, REQUEST, { email }, { 'x-forwarded-for': ip });
  const verify = async (email: string, code: string) => (await graphql<{ verifyLoginCode: Tokens }>(auth.url, VERIFY, { email, code })).data!.verifyLoginCode;
  const mails = () => sentLoginCodes(authSg.pool);
  const lastCode = async (email: string) => (await mails()).reverse().find((m) => m.email === email)!.code;
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const resetLimits = () => auth.pool.query(`DELETE FROM auth.login_code`);

  async function login(): Promise<Tokens> {
    await request('Paula@Partner.dev');
    const tokens = await verify(user.email, (await lastCode(user.email)));
    expect(tokens.errors).toEqual([]);
    return tokens;
  }

  it('answers the same for known and unknown emails, and only mails the account owner', async () => {
    await resetLimits();
    const known = await request(user.email);
    const unknown = await request('nobody@partner.dev');
    expect(known.data).toEqual({ requestLoginCode: { expiresInSeconds: 600 } });
    expect(unknown.data).toEqual(known.data);
    expect((await mails()).map((m) => m.email)).toEqual([user.email]);
    const { rows } = await auth.pool.query(`SELECT email, code_hash FROM auth.login_code ORDER BY created_at`);
    expect(rows.map((r) => r.email)).toEqual([user.email, 'nobody@partner.dev']);
    expect(JSON.stringify(rows)).not.toContain((await lastCode(user.email)));
  });

  it('issues a signed access token and a refresh token for the right code, once', async () => {
    await resetLimits();
    const tokens = await login();
    expect(tokens.user).toEqual({ id: user.id, email: user.email, role: 'PARTNER' });
    const viewer = await verifyAccessToken(await testKeys(), tokens.accessToken!);
    expect(viewer).toMatchObject({ userId: user.id, role: 'PARTNER', organizationId: orgId, region: 'eu' });
    expect((await verify(user.email, (await lastCode(user.email)))).errors[0]!.code).toBe('INVALID_CODE');
  });

  it('kills a code after 5 wrong attempts', async () => {
    await resetLimits();
    await request(user.email);
    const code = (await lastCode(user.email));
    for (let i = 0; i < 5; i++) expect((await verify(user.email, wrong(code))).errors[0]!.code).toBe('INVALID_CODE');
    const late = await verify(user.email, code);
    expect(late.accessToken).toBeNull();
    expect(late.errors[0]!.code).toBe('INVALID_CODE');
  });

  it('refuses an expired code, and a code superseded by a newer one', async () => {
    await resetLimits();
    await request(user.email);
    const first = (await lastCode(user.email));
    await request(user.email);
    expect((await verify(user.email, first)).errors[0]!.code).toBe('INVALID_CODE');
    await auth.pool.query(`UPDATE auth.login_code SET expires_at = now() - interval '1 second' WHERE consumed_at IS NULL`);
    expect((await verify(user.email, (await lastCode(user.email)))).errors[0]!.code).toBe('INVALID_CODE');
  });

  it('rate limits code requests per email and per client address, with the same answer for unknown emails', async () => {
    await resetLimits();
    for (let i = 0; i < 5; i++) expect((await request('limit@partner.dev', `203.0.113.${i}`)).errors).toBeUndefined();
    const sixth = await request('limit@partner.dev', '203.0.113.99');
    expect(sixth.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 600 });
    for (let i = 0; i < 20; i++) await request(`user${i}@spray.dev`, '192.0.2.7');
    expect((await request('another@spray.dev', '192.0.2.7')).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect((await request('another@spray.dev', '192.0.2.8')).errors).toBeUndefined();
  });

  it('rejects malformed input with BAD_USER_INPUT or INVALID_CODE, never a server error', async () => {
    for (const email of ['', 'not-an-email', `${'x'.repeat(300)}@a.dev`]) expect((await request(email)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const code of ['', '12345', '1234567', 'abcdef', "' OR 1=1 --"]) expect((await verify(user.email, code)).errors[0]!.code).toBe('INVALID_CODE');
  });

  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    await resetLimits();
    const first = await login();
    const second = (await graphql<{ refreshSession: Tokens }>(auth.url, REFRESH, { t: first.refreshToken })).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user!.id).toBe(user.id);

    const reuse = await graphql(auth.url, REFRESH, { t: first.refreshToken });
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const afterReuse = await graphql(auth.url, REFRESH, { t: second.refreshToken });
    expect(afterReuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    for (const t of ['', 'x', 'A'.repeat(43), 'A'.repeat(5000)]) expect((await graphql(auth.url, REFRESH, { t })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('logs out one session, or every session of the signed-in user', async () => {
    await resetLimits();
    const a = await login();
    const b = await login();
    expect((await graphql<{ logout: { sessionsEnded: number } }>(auth.url, LOGOUT, { t: a.refreshToken })).data!.logout.sessionsEnded).toBe(1);
    expect((await graphql(auth.url, REFRESH, { t: a.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql<{ logout: { sessionsEnded: number } }>(auth.url, LOGOUT, { t: 'A'.repeat(43) })).data!.logout.sessionsEnded).toBe(0);

    const anonymous = await graphql(auth.url, `mutation { logoutEverywhere { sessionsEnded } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const all = await graphql<{ logoutEverywhere: { sessionsEnded: number } }>(auth.url, `mutation { logoutEverywhere { sessionsEnded } }`, undefined, { authorization: `Bearer ${b.accessToken}` });
    expect(all.data!.logoutEverywhere.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await graphql(auth.url, REFRESH, { t: b.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops refreshing the sessions of a deactivated user at once', async () => {
    await resetLimits();
    const tokens = await login();
    await auth.pool.query(`UPDATE auth."user" SET deleted_at = now() WHERE id = $1`, [user.id]);
    try {
      expect((await graphql(auth.url, REFRESH, { t: tokens.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const mailed = (await mails()).length;
      await request(user.email);
      expect((await mails()).length).toBe(mailed); // a deactivated account gets no code, and the answer is the same
    } finally {
      await auth.pool.query(`UPDATE auth."user" SET deleted_at = NULL WHERE id = $1`, [user.id]);
    }
  });

  it('never writes codes, tokens or variables to its logs, even at trace level', async () => {
    await resetLimits();
    const tokens = await login();
    await graphql(auth.url, REFRESH, { t: tokens.refreshToken });
    await verify(user.email, '000000');
    const all = logLines.join('');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [...(await mails()).map((m) => m.code), tokens.accessToken!, tokens.refreshToken!]) expect(all).not.toContain(secret);
  });

  it('publishes its JWKS', async () => {
    const res = await fetch(authSg.url.replace('/graphql', '/.well-known/jwks.json'));
    expect(((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual((await testKeys()).jwks.keys.map((k) => k.kid));
  });
});
