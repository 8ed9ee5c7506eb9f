import { randomUUID } from 'node:crypto';
import { createApp } from '@miw/subgraph-notify';
import type { DomainDeps, RequestInfo, RunningSubgraph } from '@miw/service-kit';
import type { UserViewer } from '@miw/auth';
import { createTestDatabase, graphql, internalHeaders, sqlCounter, startTestSubgraph, testTopicPrefix, type TestDatabase, expectConstantStatements } from '@miw/testing';

const ENTITIES = /* GraphQL */ `
  query($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Notification { id type title body data readAt createdAt }
    }
  }
`;

const PAGE = /* GraphQL */ `
  query($first: Int, $after: String, $unreadOnly: Boolean) {
    myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      edges { cursor node { id readAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

type Entity = Record<string, unknown> | null;
type Page = { myNotifications: { edges: { cursor: string; node: { id: string; readAt: string | null } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } } };

describe('notify subgraph (real PostgreSQL)', () => {
  let db: TestDatabase;
  let notify: RunningSubgraph;
  let signedIn: RunningSubgraph;
  const sql = sqlCounter();

  const user = randomUUID();
  const someoneElse = randomUUID();
  /** The user's notifications, oldest first; the first one is read. */
  const mine = [randomUUID(), randomUUID(), randomUUID()];
  const theirs = randomUUID();

  /** The app as it will run once authentication exists: every request signed in as `userId`. */
  const signedInAs =
    (userId: string) =>
    (deps: DomainDeps) => {
      const app = createApp(deps);
      return { ...app, context: async (info: RequestInfo) => ({ ...(await app.context(info)), viewer: { userId } }) };
    };

  beforeAll(async () => {
    db = await createTestDatabase('notify');
    // The statement count covers requests only: the webhook sender's poll (same pool) is slowed out of the way.
    notify = await startTestSubgraph({ domain: 'notify', databaseUrl: db.url, topicPrefix: testTopicPrefix('notify'), createApp: (deps) => createApp({ ...deps, webhooks: { pollMs: 3_600_000 } }), onQuery: sql.onQuery });
    signedIn = await startTestSubgraph({ domain: 'notify', databaseUrl: db.url, topicPrefix: testTopicPrefix('notify'), createApp: signedInAs(user) });
    for (const [i, id] of mine.entries()) {
      await notify.pool.query(
        `INSERT INTO notify.notification (id, user_id, type, title, body, data, read_at, created_at) VALUES ($1, $2, 'ORDER_CONFIRMED', $3, 'Your order is confirmed.', $4, $5, $6)`,
        [id, user, `Order ${i}`, { orderId: `o-${i}`, lines: [1, 2] }, i === 0 ? '2026-11-02T00:00:00Z' : null, `2026-11-0${i + 1}T10:00:00Z`],
      );
    }
    await notify.pool.query(`INSERT INTO notify.notification (id, user_id, type, title, body) VALUES ($1, $2, 'DAILY_REPORT', 'Welcome', 'Hello!')`, [theirs, someoneElse]);
  });
  afterAll(async () => {
    await notify?.close();
    await signedIn?.close();
    await db?.drop();
  });

  const as = (role: UserViewer['role'], userId: string = randomUUID()): UserViewer => ({ kind: 'user', userId, role, organizationId: null, region: 'eu', scopes: [] });
  /** References resolved for an admin (who may see every notification of the region), or for `who`. */
  const entities = async (ids: string[], who: UserViewer = as('ADMIN')) =>
    graphql<{ _entities: Entity[] }>(notify.url, ENTITIES, { r: ids.map((id) => ({ __typename: 'Notification', id })) }, await internalHeaders(who));

  it('resolves notifications by reference', async () => {
    const res = await entities([mine[0]!, theirs]);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: mine[0], type: 'ORDER_CONFIRMED', title: 'Order 0', body: 'Your order is confirmed.', data: { orderId: 'o-0', lines: [1, 2] }, readAt: '2026-11-02T00:00:00.000Z', createdAt: '2026-11-01T10:00:00.000Z' },
      { id: theirs, type: 'DAILY_REPORT', title: 'Welcome', body: 'Hello!', data: {}, readAt: null, createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/) },
    ]);
  });

  it('resolves a notification for its recipient only (row-level security)', async () => {
    const res = await entities([mine[0]!, theirs], as('CUSTOMER', user));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([expect.objectContaining({ id: mine[0] }), null]);
    expect((await graphql<{ _entities: Entity[] }>(notify.url, ENTITIES, { r: [{ __typename: 'Notification', id: mine[0] }] })).data!._entities).toEqual([null]);
  });

  it('resolves unknown and malformed ids to null', async () => {
    const res = await entities([randomUUID(), 'not-a-uuid', "'; DROP TABLE notify.notification; --", mine[1]!.toUpperCase()]);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.slice(0, 3)).toEqual([null, null, null]);
    expect(res.data!._entities[3]).toMatchObject({ id: mine[1] });
  });

  it('resolves references in batches: SQL statements do not grow with the number of references', async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    await notify.pool.query(
      `INSERT INTO notify.notification (id, user_id, type, title, body, data) SELECT id, $2, 'LOW_STOCK', 'Batch ' || i, 'b', jsonb_build_object('i', i) FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, i)`,
      [ids, someoneElse],
    );
    const statementsFor = async (n: number) => {
      const res = await entities(ids.slice(0, n));
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toHaveLength(n);
      expect(res.data!._entities.every((e) => e !== null && e.type === 'LOW_STOCK')).toBe(true);
    };
    await expectConstantStatements(sql, statementsFor);
  });

  it('refuses myNotifications to anonymous callers', async () => {
    const res = await graphql<Page>(notify.url, PAGE, { unreadOnly: false });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it("pages through the viewer's notifications newest first, optionally unread only", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: Awaited<ReturnType<typeof graphql<Page>>> = await graphql<Page>(signedIn.url, PAGE, { first: 2, after });
      expect(page.errors).toBeUndefined();
      const { edges, pageInfo } = page.data!.myNotifications;
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...edges.map((e) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual([...mine].reverse());

    const unread = await graphql<Page>(signedIn.url, PAGE, { unreadOnly: true });
    expect(unread.data!.myNotifications.edges.map((e) => e.node.id)).toEqual([mine[2], mine[1]]);
  });

  it('answers malformed requests with errors carrying extensions.code, signed in or not', async () => {
    for (const url of [signedIn.url]) {
      const tooMany = await graphql(url, PAGE, { first: 101 });
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const badCursor = await graphql(url, PAGE, { after: 'not-a-cursor' });
      expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const wrongType = await graphql(url, PAGE, { unreadOnly: 'yes' });
      expect(wrongType.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const notJson = await fetch(notify.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });

  it('reports readiness of PostgreSQL and Kafka', async () => {
    const res = await fetch(notify.url.replace('/graphql', '/readyz'));
    expect({ status: res.status, body: await res.json() }).toMatchObject({ status: 200, body: { status: 'ready', checks: { postgres: 'ok', kafka: 'ok' } } });
  });
});
