import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-auth';
import { createTestDatabase, graphql, internalHeaders, sentLoginCodes, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';

const admin: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };

describe('accounts, organizations, invitations and the audit log (real PostgreSQL)', () => {
  let db: TestDatabase;
  let auth: RunningSubgraph;
  const as = async <D>(viewer: UserViewer | null, query: string, variables?: Record<string, unknown>) => graphql<D>(auth.url, query, variables, await internalHeaders(viewer));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked by value
  const asAdmin = <D = any>(query: string, variables?: Record<string, unknown>) => as<D>(admin, query, variables);

  beforeAll(async () => {
    db = await createTestDatabase('accounts');
    const keys = await testKeys();
    auth = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, createApp: (deps) => createApp({ ...deps, keys }) });
    // The acting admin exists (deleteMe checks there is another admin; invitations name the inviter).
    await auth.pool.query(`INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES ($1, 'root@ops.dev', 'Root', 'ADMIN', 'eu', 'eu', now())`, [admin.userId]);
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  const login = async (email: string) => {
    const code = (await sentLoginCodes(auth.pool)).filter((m) => m.email === email).at(-1)!.code;
    const res = await graphql<{ verifyLoginCode: { refreshToken: string | null; user: { id: string; role: string } | null; errors: { code: string }[] } }>(
      auth.url,
      `mutation($e: String!, $c: String!) { verifyLoginCode(input: { email: $e, code: $c }) { refreshToken user { id role } errors { code } } }`,
      { e: email, c: code },
    );
    return res.data!.verifyLoginCode;
  };
  const requestCode = (email: string) => graphql(auth.url, `mutation($e: String!) { requestLoginCode(input: { email: $e }) { expiresInSeconds } }`, { e: email });
  const refresh = (token: string) => graphql(auth.url, `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`, { t: token });
  const viewerOf = (user: { id: string; role: string }, organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: user.id, role: user.role as UserViewer['role'], organizationId, region: 'eu', scopes: [] });
  const auditRows = async (targetId: string) => (await auth.pool.query(`SELECT action, actor_kind, actor_id, before, after, region FROM auth.audit_log WHERE target_id = $1 ORDER BY at, id`, [targetId])).rows;

  it('registers shoppers and answers a taken email exactly like a new one', async () => {
    const register = (input: Record<string, unknown>) => graphql<{ register: { expiresInSeconds: number | null; errors: { code: string; field: string }[] } }>(auth.url, `mutation($i: RegisterInput!) { register(input: $i) { expiresInSeconds errors { code field } } }`, { i: input });
    const fresh = await register({ email: 'Shopper@Mail.dev', name: 'Shopper', locale: 'zh-CN' });
    expect(fresh.data!.register).toEqual({ expiresInSeconds: 600, errors: [] });
    const again = await register({ email: 'shopper@mail.dev', name: 'Someone Else' });
    expect(again.data!.register).toEqual(fresh.data!.register);
    const { rows } = await auth.pool.query(`SELECT name, role, locale, home_region FROM auth."user" WHERE email = 'shopper@mail.dev'`);
    expect(rows).toEqual([{ name: 'Shopper', role: 'CUSTOMER', locale: 'zh-CN', home_region: 'eu' }]);

    const signedIn = await login('shopper@mail.dev');
    expect(signedIn.user).toMatchObject({ role: 'CUSTOMER' });
    expect((await auditRows(signedIn.user!.id)).map((r) => [r.action, r.actor_kind, r.actor_id])).toEqual([['user.register', 'user', signedIn.user!.id]]);

    const bad = await register({ email: 'nope', name: ' ', locale: 'fr' });
    expect(bad.data!.register.errors.map((e) => e.field).sort()).toEqual(['input.email', 'input.locale', 'input.name']);

    // The rate limit of login codes applies: five codes per email per window (two used above, two by login).
    for (let i = 0; i < 3; i++) await register({ email: 'shopper@mail.dev', name: 'Shopper' });
    const limited = await register({ email: 'shopper@mail.dev', name: 'Shopper' });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('changes the profile with checked locale and E.164 phone, published in the snapshot', async () => {
    await graphql(auth.url, `mutation { register(input: { email: "profile@mail.dev", name: "Pro" }) { errors { code } } }`);
    const me = viewerOf((await login('profile@mail.dev')).user!);
    const update = (input: Record<string, unknown>) =>
      as<{ updateMe: { user: { name: string; locale: string; phone: string | null } | null; errors: { field: string }[] } }>(me, `mutation($i: UpdateMeInput!) { updateMe(input: $i) { user { name locale phone } errors { field } } }`, { i: input });
    expect((await update({ name: 'Pro Shopper', locale: 'zh-CN', phone: '+49 30 1234-5678' })).data!.updateMe).toEqual({ user: { name: 'Pro Shopper', locale: 'zh-CN', phone: '+493012345678' }, errors: [] });
    expect((await update({ phone: '12345', locale: 'xx' })).data!.updateMe.errors.map((e) => e.field).sort()).toEqual(['input.locale', 'input.phone']);
    expect((await update({ phone: null })).data!.updateMe.user).toMatchObject({ phone: null, locale: 'zh-CN' });
    const { rows } = await auth.pool.query(`SELECT envelope FROM auth.outbox WHERE key = $1 AND type = 'auth.user.updated' ORDER BY id`, [me.userId]);
    expect(rows.map((r) => r.envelope.payload.phone)).toEqual(['+493012345678', null]);
    expect(rows[0].envelope.payload.locale).toBe('zh-CN');
    expect((await as(null, `mutation { updateMe(input: { name: "x" }) { errors { code } } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('erases a user: anonymised row and outbox, sessions and API keys ended, the last admin kept', async () => {
    await graphql(auth.url, `mutation { register(input: { email: "leaver@mail.dev", name: "Leaver" }) { errors { code } } }`);
    const session = await login('leaver@mail.dev');
    const me = viewerOf(session.user!);
    await auth.pool.query(`UPDATE auth."user" SET phone = '+4930111111' WHERE id = $1`, [me.userId]);
    const viaKey = await as(
      { ...me, apiKeyId: randomUUID(), scopes: ['write'] },
      `mutation { deleteMe { erasedUserId } }`,
    );
    expect(viaKey.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const erased = await as<{ deleteMe: { erasedUserId: string; errors: unknown[] } }>(me, `mutation { deleteMe { erasedUserId errors { code } } }`);
    expect(erased.data!.deleteMe).toEqual({ erasedUserId: me.userId, errors: [] });
    const { rows } = await auth.pool.query(`SELECT email, name, phone, deleted_at FROM auth."user" WHERE id = $1`, [me.userId]);
    expect(rows[0]).toMatchObject({ email: `erased+${me.userId}@invalid`, name: 'Deleted user', phone: null });
    expect(rows[0].deleted_at).not.toBeNull();
    expect((await refresh(session.refreshToken!)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const outbox = await auth.pool.query(`SELECT type, envelope FROM auth.outbox WHERE key = $1 ORDER BY id`, [me.userId]);
    expect(JSON.stringify(outbox.rows)).not.toContain('leaver@mail.dev');
    expect(JSON.stringify(outbox.rows)).not.toContain('Leaver"');
    expect(outbox.rows.at(-1)).toMatchObject({ type: 'auth.user.deactivated', envelope: { payload: { email: `erased+${me.userId}@invalid`, name: 'Deleted user', phone: null } } });
    expect((await auth.pool.query(`SELECT count(*)::int AS n FROM auth.login_code WHERE email = 'leaver@mail.dev'`)).rows[0].n).toBe(0);
    const audit = await auditRows(me.userId);
    expect(audit.at(-1)).toMatchObject({ action: 'user.erase', actor_id: me.userId });
    expect(JSON.stringify(audit)).not.toContain('leaver');
    // Erased already: the token's user is gone.
    expect((await as(me, `mutation { deleteMe { erasedUserId } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The only admin cannot erase themselves (a second one is needed first).
    const soleAdmin = await auth.pool.query(`SELECT count(*)::int AS n FROM auth."user" WHERE role = 'ADMIN' AND deleted_at IS NULL`);
    expect(soleAdmin.rows[0].n).toBe(1);
    expect((await asAdmin(`mutation { deleteMe { erasedUserId errors { code } } }`)).data.deleteMe).toEqual({ erasedUserId: null, errors: [{ code: 'LAST_ADMIN' }] });
  });

  it('lists, renames and deactivates organizations; deactivation ends members sessions, keys and sign-in at once', async () => {
    const org = (await asAdmin(`mutation { createOrganization(input: { name: "Shanghai Freight", kind: LOGISTICS }) { organization { id } } }`)).data.createOrganization.organization.id as string;
    await asAdmin(`mutation { createOrganization(input: { name: "Other Maker", kind: MANUFACTURER }) { organization { id } } }`);
    const renamed = await asAdmin(`mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { organization { name } errors { code } } }`, { i: { id: org, name: 'Shanghai Freight Ltd' } });
    expect(renamed.data.updateOrganization).toEqual({ organization: { name: 'Shanghai Freight Ltd' }, errors: [] });
    const listed = await asAdmin(`{ organizations(filter: { kind: LOGISTICS, search: "freight" }, first: 10) { edges { node { id name deactivatedAt } } } }`);
    expect(listed.data.organizations.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([org]);

    const member = (await asAdmin(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id role } } }`, { i: { email: 'driver@freight.dev', name: 'Driver', role: 'LOGISTICS', organizationId: org } })).data.createUser.user;
    await requestCode('driver@freight.dev');
    const session = await login('driver@freight.dev');
    const key = await as<{ createApiKey: { apiKey: { id: string } } }>(viewerOf(member, org), `mutation { createApiKey(input: { name: "tms", scopes: ["read"] }) { apiKey { id } } }`);

    const deactivated = await asAdmin(`mutation($id: ID!) { deactivateOrganization(id: $id) { organization { id deactivatedAt } errors { code } } }`, { id: org });
    expect(deactivated.data.deactivateOrganization.organization.deactivatedAt).not.toBeNull();
    expect((await refresh(session.refreshToken!)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await auth.pool.query(`SELECT revoked_at FROM auth.api_key WHERE id = $1`, [key.data!.createApiKey.apiKey.id])).rows[0].revoked_at).not.toBeNull();
    // Signing in again fails: no code is issued to a member of a deactivated organization.
    const before = (await sentLoginCodes(auth.pool)).length;
    await requestCode('driver@freight.dev');
    expect((await sentLoginCodes(auth.pool)).length).toBe(before);
    const { rows } = await auth.pool.query(`SELECT type FROM auth.outbox WHERE key = $1 ORDER BY id`, [org]);
    expect(rows.map((r) => r.type)).toEqual(['auth.organization.created', 'auth.organization.updated', 'auth.organization.deactivated']);
    expect((await auditRows(org)).map((r) => r.action)).toEqual(['organization.create', 'organization.update', 'organization.deactivate']);
    expect((await auditRows(org)).at(-1).after).toMatchObject({ members: 1, sessionsRevoked: 1, apiKeysRevoked: 1 });
    expect((await asAdmin(`mutation($id: ID!) { deactivateOrganization(id: $id) { errors { code } } }`, { id: org })).data.deactivateOrganization.errors).toEqual([{ code: 'NOT_FOUND' }]);
    expect((await asAdmin(`{ organizations(filter: { search: "freight" }) { edges { node { id } } } }`)).data.organizations.edges).toEqual([]);
    expect((await asAdmin(`{ organizations(filter: { search: "freight", includeDeactivated: true }) { edges { node { id } } } }`)).data.organizations.edges).toHaveLength(1);
  });

  it('invites a person who signs in with a login code; revoking a pending invitation deactivates the account', async () => {
    const org = (await asAdmin(`mutation { createOrganization(input: { name: "Berlin Goods", kind: PARTNER }) { organization { id } } }`)).data.createOrganization.organization.id as string;
    const invite = (input: Record<string, unknown>) =>
      asAdmin(`mutation($i: InviteToOrganizationInput!) { inviteToOrganization(input: $i) { invitation { id status role expiresAt user { id email name locale role organization { id } } } errors { code field } } }`, { i: input });
    const made = (await invite({ organizationId: org, email: 'New.Clerk@Berlin.dev', role: 'PARTNER', locale: 'zh-CN' })).data.inviteToOrganization;
    expect(made.errors).toEqual([]);
    expect(made.invitation).toMatchObject({ status: 'PENDING', role: 'PARTNER', user: { email: 'new.clerk@berlin.dev', name: 'new.clerk', locale: 'zh-CN', role: 'PARTNER', organization: { id: org } } });
    const event = (await auth.pool.query(`SELECT topic, envelope FROM auth.outbox WHERE type = 'auth.invitation.sent' AND key = $1`, [made.invitation.id])).rows[0];
    expect(event.topic).toBe('eu.auth.invitation.v1');
    expect(event.envelope.payload).toMatchObject({ email: 'new.clerk@berlin.dev', organizationName: 'Berlin Goods', invitedByName: 'Root', locale: 'zh-CN', role: 'PARTNER' });

    expect((await invite({ organizationId: org, email: 'x@berlin.dev', role: 'LOGISTICS' })).data.inviteToOrganization.errors).toEqual([{ code: 'INVALID', field: 'input.organizationId' }]);
    expect((await invite({ organizationId: randomUUID(), email: 'x@berlin.dev', role: 'PARTNER' })).data.inviteToOrganization.errors[0].code).toBe('NOT_FOUND');
    expect((await invite({ organizationId: org, email: 'root@ops.dev', role: 'PARTNER' })).data.inviteToOrganization.errors[0].code).toBe('EMAIL_TAKEN');
    // Inviting the same person again (not signed in yet) sends a new invitation, closing the old one.
    const again = (await invite({ organizationId: org, email: 'new.clerk@berlin.dev', role: 'PARTNER' })).data.inviteToOrganization;
    expect(again.invitation.user.id).toBe(made.invitation.user.id);

    await requestCode('new.clerk@berlin.dev');
    const session = await login('new.clerk@berlin.dev');
    expect(session.errors).toEqual([]);
    const listed = await asAdmin(`query($o: ID!) { invitations(organizationId: $o) { edges { node { id status acceptedAt } } } }`, { o: org });
    expect(listed.data.invitations.edges.map((e: { node: { status: string } }) => e.node.status)).toEqual(['ACCEPTED', 'REVOKED']);
    expect((await asAdmin(`mutation($id: ID!) { revokeInvitation(id: $id) { errors { code } } }`, { id: again.invitation.id })).data.revokeInvitation.errors).toEqual([{ code: 'NOT_PENDING' }]);

    // A pending invitation revoked: its account is deactivated and cannot sign in.
    const pending = (await invite({ organizationId: org, email: 'temp@berlin.dev', role: 'PARTNER' })).data.inviteToOrganization.invitation;
    const revoked = await asAdmin(`mutation($id: ID!) { revokeInvitation(id: $id) { invitation { status revokedAt } errors { code } } }`, { id: pending.id });
    expect(revoked.data.revokeInvitation.invitation.status).toBe('REVOKED');
    expect((await auth.pool.query(`SELECT deleted_at FROM auth."user" WHERE id = $1`, [pending.user.id])).rows[0].deleted_at).not.toBeNull();

    // An invitation that ran out before the first sign-in stops that sign-in.
    const late = (await invite({ organizationId: org, email: 'late@berlin.dev', role: 'PARTNER' })).data.inviteToOrganization.invitation;
    await auth.pool.query(`UPDATE auth.invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`, [late.id]);
    await requestCode('late@berlin.dev');
    expect((await login('late@berlin.dev')).errors).toEqual([{ code: 'INVITATION_EXPIRED' }]);
    expect((await auditRows(made.invitation.user.id)).map((r) => r.action)).toEqual(['user.create']);
    expect((await auditRows(made.invitation.id)).map((r) => [r.action, r.actor_kind])).toEqual([['invitation.create', 'user']]);
    expect((await auditRows(again.invitation.id)).map((r) => r.action)).toEqual(['invitation.create', 'invitation.accept']);
  });

  it('keeps an append-only audit log that admins page through with filters', async () => {
    const refused = await auth.pool.query(`UPDATE auth.audit_log SET action = 'forged'`).then(
      () => 'updated',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/append-only/);
    await expect(auth.pool.query(`DELETE FROM auth.audit_log`)).rejects.toThrow(/append-only/);

    const all: { action: string; actorId: string | null }[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page: { data?: { auditLog: { edges: { node: { action: string; actorId: string | null; region: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await asAdmin(
        `query($after: String) { auditLog(filter: { actorId: "${admin.userId}" }, first: 3, after: $after) { edges { node { action actorId region before after } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      all.push(...page.data!.auditLog.edges.map((e) => e.node));
      if (!page.data!.auditLog.pageInfo.hasNextPage) break;
      after = page.data!.auditLog.pageInfo.endCursor;
    }
    const total = (await auth.pool.query(`SELECT count(*)::int AS n FROM auth.audit_log WHERE actor_id = $1`, [admin.userId])).rows[0].n;
    expect(all).toHaveLength(total);
    expect(all[0]!.action).toBe('invitation.create');
    expect(new Set(all.map((e) => e.actorId))).toEqual(new Set([admin.userId]));
    const byAction = await asAdmin(`{ auditLog(filter: { action: "organization.deactivate" }) { edges { node { targetType before after } } } }`);
    expect(byAction.data.auditLog.edges).toHaveLength(1);
    const badFilter = await asAdmin(`{ auditLog(filter: { actorId: "nope" }) { edges { cursor } } }`);
    expect(badFilter.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.actorId' });
    const forged = await asAdmin(`{ auditLog(after: "abc") { edges { cursor } } }`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
