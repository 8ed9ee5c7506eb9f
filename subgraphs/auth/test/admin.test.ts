import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-auth';
import { createTestDatabase, graphql, internalHeaders, sentLoginCodes, startTestSubgraph, testKeys, type TestDatabase } from '@miw/testing';

const admin: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };
const USER_FIELDS = `user { id email name role homeRegion deactivatedAt organization { id kind } } errors { code field message }`;

interface UserPayload {
  user: { id: string; email: string; name: string; role: string; homeRegion: string; deactivatedAt: string | null; organization: { id: string; kind: string } | null } | null;
  errors: { code: string; field: string | null; message: string }[];
}

describe('user and organization administration (real PostgreSQL)', () => {
  let db: TestDatabase;
  let auth: RunningSubgraph;
  const asAdmin = async <D>(query: string, variables?: Record<string, unknown>) => graphql<D>(auth.url, query, variables, await internalHeaders(admin));

  beforeAll(async () => {
    db = await createTestDatabase('admin');
    const keys = await testKeys();
    auth = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, createApp: (deps) => createApp({ ...deps, keys }) });
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  const createOrg = async (kind: string) =>
    (await asAdmin<{ createOrganization: { organization: { id: string } } }>(`mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { organization { id } errors { code } } }`, { i: { name: `${kind} Co`, kind } })).data!
      .createOrganization.organization.id;
  const createUser = async (input: Record<string, unknown>) => (await asAdmin<{ createUser: UserPayload }>(`mutation($i: CreateUserInput!) { createUser(input: $i) { ${USER_FIELDS} } }`, { i: input })).data!.createUser;

  it('creates users whose role fits their organization, with events in the outbox', async () => {
    const partnerOrg = await createOrg('PARTNER');
    const made = await createUser({ email: ' New.Partner@Shop.dev ', name: 'New Partner', role: 'PARTNER', organizationId: partnerOrg });
    expect(made.errors).toEqual([]);
    expect(made.user).toMatchObject({ email: 'new.partner@shop.dev', role: 'PARTNER', homeRegion: 'EU', organization: { id: partnerOrg, kind: 'PARTNER' } });

    expect((await createUser({ email: 'new.partner@shop.dev', name: 'Again', role: 'CUSTOMER' })).errors[0]?.code).toBe('EMAIL_TAKEN');
    expect((await createUser({ email: 'x@shop.dev', name: 'X', role: 'LOGISTICS', organizationId: partnerOrg })).errors[0]).toMatchObject({ code: 'INVALID', field: 'input.organizationId' });
    expect((await createUser({ email: 'y@shop.dev', name: 'Y', role: 'PARTNER' })).errors[0]).toMatchObject({ code: 'INVALID', field: 'input.organizationId' });
    expect((await createUser({ email: 'z@shop.dev', name: 'Z', role: 'PARTNER', organizationId: randomUUID() })).errors[0]?.code).toBe('NOT_FOUND');
    expect((await createUser({ email: 'bad', name: '', role: 'CUSTOMER' })).errors.map((e) => e.field).sort()).toEqual(['input.email', 'input.name']);

    const { rows } = await auth.pool.query(`SELECT type, key FROM auth.outbox WHERE type NOT LIKE 'auth.login_code.%' ORDER BY id`);
    expect(rows.map((r) => r.type)).toEqual(['auth.organization.created', 'auth.user.created']);
    expect(rows[1].key).toBe(made.user!.id);
  });

  it('lists users with filters and cursor pagination', async () => {
    for (let i = 0; i < 5; i++) await createUser({ email: `list${i}@shop.dev`, name: `Lister ${i}`, role: 'CUSTOMER' });
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const res: { data?: { users: { edges: { node: { email: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await asAdmin(
        `query($after: String) { users(filter: { search: "lister", role: CUSTOMER }, first: 2, after: $after) { edges { node { email } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...res.data!.users.edges.map((e) => e.node.email));
      if (!res.data!.users.pageInfo.hasNextPage) break;
      after = res.data!.users.pageInfo.endCursor;
    }
    expect(seen).toEqual(['list0@shop.dev', 'list1@shop.dev', 'list2@shop.dev', 'list3@shop.dev', 'list4@shop.dev']);
    const bad = await asAdmin(`{ users(first: 500) { edges { cursor } } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('changes roles and deactivates users, ending their sessions at once', async () => {
    const logisticsOrg = await createOrg('LOGISTICS');
    const { user } = await createUser({ email: 'driver@3pl.dev', name: 'Driver', role: 'CUSTOMER' });
    await graphql(auth.url, `mutation { requestLoginCode(input: { email: "driver@3pl.dev" }) { expiresInSeconds } }`);
    const code = (await sentLoginCodes(auth.pool)).filter((m) => m.email === 'driver@3pl.dev').at(-1)!.code;
    const login = await graphql<{ verifyLoginCode: { refreshToken: string } }>(auth.url, `mutation($c: String!) { verifyLoginCode(input: { email: "driver@3pl.dev", code: $c }) { refreshToken } }`, { c: code });
    const refreshToken = login.data!.verifyLoginCode.refreshToken;

    const updated = await asAdmin<{ updateUser: UserPayload }>(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { ${USER_FIELDS} } }`, { i: { id: user!.id, role: 'LOGISTICS', organizationId: logisticsOrg } });
    expect(updated.data!.updateUser.user).toMatchObject({ role: 'LOGISTICS', organization: { id: logisticsOrg } });
    const refresh = await graphql(auth.url, `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken } }`, { t: refreshToken });
    expect(refresh.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const self = await asAdmin<{ deactivateUser: UserPayload }>(`mutation($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`, { id: admin.userId });
    expect(self.data!.deactivateUser.errors[0]?.code).toBe('CANNOT_DEACTIVATE_SELF');
    const gone = await asAdmin<{ deactivateUser: UserPayload }>(`mutation($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`, { id: user!.id });
    expect(gone.data!.deactivateUser.user!.deactivatedAt).toEqual(expect.any(String));
    const again = await asAdmin<{ deactivateUser: UserPayload }>(`mutation($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`, { id: user!.id });
    expect(again.data!.deactivateUser.errors[0]?.code).toBe('NOT_FOUND');

    const reference = await graphql<{ _entities: unknown[] }>(auth.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }`, { r: [{ __typename: 'User', id: user!.id }] });
    expect(reference.data!._entities).toEqual([null]);
    const listed = await asAdmin<{ users: { edges: { node: { email: string } }[] } }>(`{ users(filter: { search: "driver", includeDeactivated: true }) { edges { node { email } } } }`);
    expect(listed.data!.users.edges.map((e) => e.node.email)).toEqual(['driver@3pl.dev']);
    const types = (await auth.pool.query(`SELECT type FROM auth.outbox WHERE key = $1 AND type LIKE 'auth.user.%' ORDER BY id`, [user!.id])).rows.map((r) => r.type);
    expect(types).toEqual(['auth.user.created', 'auth.user.updated', 'auth.user.deactivated']);
  });
});
