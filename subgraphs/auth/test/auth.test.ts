import { randomUUID } from 'node:crypto';
import { createApp } from '@miw/subgraph-auth';
import type { DomainDeps, RunningSubgraph } from '@miw/service-kit';
import { createTestDatabase, graphql, internalHeaders, sqlCounter, startTestSubgraph, testKeys, type TestDatabase, expectConstantStatements } from '@miw/testing';

const ENTITIES = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on User { id email name role homeRegion createdAt updatedAt organization { id name kind } }
      ... on Organization { id name kind }
    }
  }
`;

type Entity = Record<string, unknown> | null;
type UserRow = { id: string; email: string; name: string; role: string; organizationId: string | null; homeRegion: string };
type OrgRow = { id: string; name: string; kind: string };

describe('auth subgraph (real PostgreSQL)', () => {
  let db: TestDatabase;
  let auth: RunningSubgraph;
  const sql = sqlCounter();

  const org: OrgRow = { id: randomUUID(), name: 'Acme Teas', kind: 'MANUFACTURER' };
  const goneOrg: OrgRow = { id: randomUUID(), name: 'Gone Ltd', kind: 'PARTNER' };
  const alice: UserRow = { id: randomUUID(), email: 'alice@example.com', name: 'Alice', role: 'MANUFACTURER', organizationId: org.id, homeRegion: 'eu' };
  const bob: UserRow = { id: randomUUID(), email: 'bob@example.com', name: 'Bob', role: 'CUSTOMER', organizationId: null, homeRegion: 'cn' };
  const carol: UserRow = { id: randomUUID(), email: 'carol@example.com', name: 'Carol', role: 'PARTNER', organizationId: goneOrg.id, homeRegion: 'eu' };
  const deleted: UserRow = { id: randomUUID(), email: 'deleted@example.com', name: 'Deleted', role: 'CUSTOMER', organizationId: null, homeRegion: 'eu' };

  beforeAll(async () => {
    db = await createTestDatabase('auth');
    const keys = await testKeys();
    auth = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, createApp: (deps: DomainDeps) => createApp({ ...deps, keys }), onQuery: sql.onQuery });

    const insertOrg = (o: OrgRow, deletedAt: Date | null = null) =>
      auth.pool.query(`INSERT INTO auth.organization (id, name, kind, origin_region, updated_at, deleted_at) VALUES ($1, $2, $3, 'eu', now(), $4)`, [o.id, o.name, o.kind, deletedAt]);
    const insertUser = (u: UserRow, deletedAt: Date | null = null) =>
      auth.pool.query(
        `INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $6, now(), $7)`,
        [u.id, u.email, u.name, u.role, u.organizationId, u.homeRegion, deletedAt],
      );
    await insertOrg(org);
    await insertOrg(goneOrg, new Date());
    for (const u of [alice, bob, carol]) await insertUser(u);
    await insertUser(deleted, new Date());
  });
  afterAll(async () => {
    await auth?.close();
    await db?.drop();
  });

  const entities = (representations: { __typename: string; id: string }[]) => graphql<{ _entities: Entity[] }>(auth.url, ENTITIES, { r: representations });

  it('resolves users and organizations by reference', async () => {
    const res = await entities([
      { __typename: 'User', id: alice.id },
      { __typename: 'User', id: bob.id },
      { __typename: 'Organization', id: org.id },
    ]);
    expect(res.errors).toBeUndefined();
    const [a, b, o] = res.data!._entities;
    expect(a).toMatchObject({ id: alice.id, email: 'alice@example.com', name: 'Alice', role: 'MANUFACTURER', homeRegion: 'EU', organization: { id: org.id, name: 'Acme Teas', kind: 'MANUFACTURER' } });
    expect(a!.createdAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/));
    expect(a!.updatedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/));
    expect(b).toMatchObject({ id: bob.id, role: 'CUSTOMER', homeRegion: 'CN', organization: null });
    expect(o).toEqual({ id: org.id, name: 'Acme Teas', kind: 'MANUFACTURER' });
  });

  it('resolves unknown, soft-deleted and malformed ids to null', async () => {
    const res = await entities([
      { __typename: 'User', id: randomUUID() },
      { __typename: 'User', id: deleted.id },
      { __typename: 'User', id: 'not-a-uuid' },
      { __typename: 'User', id: "1'; DROP TABLE auth.user; --" },
      { __typename: 'Organization', id: goneOrg.id },
      { __typename: 'Organization', id: '42' },
      { __typename: 'User', id: alice.id.toUpperCase() },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(res.data!._entities[6]).toMatchObject({ id: alice.id });

    const orphan = await entities([{ __typename: 'User', id: carol.id }]);
    expect(orphan.data!._entities[0]).toMatchObject({ id: carol.id, organization: null });
  });

  it('resolves references in batches: SQL statements do not grow with the number of references', async () => {
    const orgIds = Array.from({ length: 100 }, () => randomUUID());
    const userIds = Array.from({ length: 100 }, () => randomUUID());
    await auth.pool.query(
      `INSERT INTO auth.organization (id, name, kind, origin_region, updated_at)
       SELECT id, 'Org ' || i, 'LOGISTICS', 'eu', now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, i)`,
      [orgIds],
    );
    await auth.pool.query(
      `INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at)
       SELECT u.id, 'batch' || u.i || '@example.com', 'User ' || u.i, 'LOGISTICS', o.id, 'eu', 'eu', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, i) JOIN unnest($2::uuid[]) WITH ORDINALITY AS o(id, i) ON o.i = u.i`,
      [userIds, orgIds],
    );
    const statementsFor = async (n: number) => {
      const res = await entities(userIds.slice(0, n).map((id) => ({ __typename: 'User', id })));
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
      expect(res.data!._entities.every((e) => e !== null && (e.organization as { name?: string } | null)?.name)).toBe(true);
    };
    await expectConstantStatements(sql, statementsFor);
  });

  it('answers me with null while the request has no viewer', async () => {
    const res = await graphql<{ me: unknown }>(auth.url, `{ me { id email } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
  });

  it('answers me with the viewer once one is in the context', async () => {
    const res = await graphql<{ me: unknown }>(auth.url, `{ me { id name organization { name } } }`, undefined, await internalHeaders({ kind: 'user', userId: alice.id, role: 'MANUFACTURER', organizationId: org.id, region: 'eu', scopes: [] }));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { id: alice.id, name: 'Alice', organization: { name: 'Acme Teas' } } });
  });

  it('answers malformed requests with errors carrying extensions.code', async () => {
    const syntax = await graphql(auth.url, `{ me { id `);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await graphql(auth.url, `{ users { id } }`);
    expect(unknownField.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const notJson = await fetch(auth.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('reports readiness of PostgreSQL and Kafka', async () => {
    const res = await fetch(auth.url.replace('/graphql', '/readyz'));
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 200, body: { status: 'ready', checks: { postgres: 'ok', kafka: 'ok' } } });
  });
});
