/**
 * Revocation at the edge: an organization deactivated (or a user erased) in auth reaches the
 * gateway through Kafka; its members' access tokens are refused at once over HTTP and their open
 * sockets close with 4403, without waiting for the tokens to expire.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { createKafkaBus, type EventBus } from '@miw/events';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-auth';
import { accessTokenFor, createTestDatabase, gatewayCaller, graphql, readTestInfra, startTestSubgraph, testKeys, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { acked, connect } from './support/ws';

const admin: UserViewer = { kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'eu', scopes: [] };

describe('gateway revocation list (auth snapshots through Kafka)', () => {
  const topicPrefix = testTopicPrefix('revoke');
  let db: TestDatabase;
  let auth: RunningSubgraph;
  let gateway: TestGateway;
  let bus: EventBus;
  const call = gatewayCaller(() => gateway.url);

  beforeAll(async () => {
    db = await createTestDatabase('revocation');
    const keys = await testKeys();
    auth = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, topicPrefix, createApp: (deps) => createApp({ ...deps, keys }) });
    bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'revocation-test', logger: testLogger('bus') });
    gateway = await startTestGateway({ auth: auth.url }, { revocationFeed: { bus, topicPrefix } });
  });
  afterAll(async () => {
    await gateway?.close();
    await bus?.close();
    await auth?.close();
    await db?.drop();
  });

  it('refuses the tokens and closes the sockets of a deactivated organization at once', async () => {
    const org = (await call(admin, `mutation { createOrganization(input: { name: "Night Freight", kind: LOGISTICS }) { organization { id } } }`)).data!.createOrganization.organization.id as string;
    const created = await call(admin, `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }`, { i: { email: 'night@freight.dev', name: 'Night', role: 'LOGISTICS', organizationId: org } });
    const member: UserViewer = { kind: 'user', userId: created.data!.createUser.user.id, role: 'LOGISTICS', organizationId: org, region: 'eu', scopes: [] };
    const outsider: UserViewer = { ...member, userId: randomUUID(), organizationId: randomUUID() };
    const token = await accessTokenFor(member);
    expect((await graphql(gateway.url, `{ me { id } }`, undefined, { authorization: `Bearer ${token}` })).data).toEqual({ me: { id: member.userId } });

    const socket = await connect(gateway.url, { authorization: `Bearer ${token}` });
    await acked(socket);
    const bystander = await connect(gateway.url, { authorization: `Bearer ${await accessTokenFor(outsider)}` });
    await acked(bystander);

    const done = await call(admin, `mutation($id: ID!) { deactivateOrganization(id: $id) { errors { code } } }`, { id: org });
    expect(done.data!.deactivateOrganization.errors).toEqual([]);

    await expect(socket.closed).resolves.toMatchObject({ code: 4403 });
    const refused = await graphql(gateway.url, `{ me { id } }`, undefined, { authorization: `Bearer ${token}` });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.errors?.[0]?.message).toMatch(/organization .* deactivated/);
    // A new socket with the same token is refused in connection_init.
    const again = await connect(gateway.url, { authorization: `Bearer ${token}` });
    await expect(again.closed).resolves.toMatchObject({ code: 4403 });
    // Other organizations are not touched.
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
    bystander.ws.close();

    // A gateway started after the deactivation reads back one token lifetime and refuses it too.
    const late = await startTestGateway({ auth: auth.url }, { revocationFeed: { bus, topicPrefix } });
    try {
      const lateAnswer = await graphql(late.url, `{ me { id } }`, undefined, { authorization: `Bearer ${token}` });
      expect(lateAnswer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await graphql(late.url, `{ me { id } }`, undefined, { authorization: `Bearer ${await accessTokenFor(outsider)}` })).errors).toBeUndefined();
    } finally {
      await late.close();
    }
  });

  it('refuses a token issued before the user was erased', async () => {
    await graphql(auth.url, `mutation { register(input: { email: "gone@mail.dev", name: "Gone" }) { errors { code } } }`);
    const id = (await auth.pool.query(`SELECT id FROM auth."user" WHERE email = 'gone@mail.dev'`)).rows[0].id as string;
    const shopper: UserViewer = { kind: 'user', userId: id, role: 'CUSTOMER', organizationId: null, region: 'eu', scopes: [] };
    const token = await accessTokenFor(shopper);
    const erased = await graphql(gateway.url, `mutation { deleteMe { erasedUserId } }`, undefined, { authorization: `Bearer ${token}` });
    expect(erased.data).toEqual({ deleteMe: { erasedUserId: id } });
    await waitFor(async () => (await graphql(gateway.url, `{ me { id } }`, undefined, { authorization: `Bearer ${token}` })).errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', { what: 'the erased user refused', timeoutMs: 20_000 });
  });
});
