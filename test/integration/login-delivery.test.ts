/** Login codes travel auth -> outbox -> Kafka -> notify -> email, sealed on the way (real Kafka and PostgreSQL). */
import { randomUUID } from 'node:crypto';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp as authApp } from '@miw/subgraph-auth';
import { createApp as notifyApp, type Email } from '@miw/subgraph-notify';
import { createKafkaBus } from '@miw/events';
import { deadLetterTopic, type EventEnvelope, loginCodeEvents } from '@miw/contracts';
import { createTestDatabase, graphql, readTestInfra, readTopicUntil, startTestSubgraph, testKeys, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';

describe('login code delivery through the notify service', () => {
  const prefix = testTopicPrefix('codes');
  const sent: Email[] = [];
  let db: TestDatabase;
  let auth: RunningSubgraph;
  let notify: RunningSubgraph;
  const email = 'courier@swift3pl.dev';

  beforeAll(async () => {
    db = await createTestDatabase('delivery');
    const keys = await testKeys();
    auth = await startTestSubgraph({ domain: 'auth', databaseUrl: db.url, topicPrefix: prefix, createApp: (deps) => authApp({ ...deps, keys }) });
    notify = await startTestSubgraph({ domain: 'notify', databaseUrl: db.url, topicPrefix: prefix, createApp: (deps) => notifyApp({ ...deps, mailer: { send: async (m) => void sent.push(m), close: async () => undefined } }) });
    await auth.pool.query(`INSERT INTO auth."user" (id, email, name, role, home_region, origin_region, updated_at) VALUES ($1, $2, 'Courier', 'CUSTOMER', 'eu', 'eu', now())`, [randomUUID(), email]);
  });
  afterAll(async () => {
    await notify?.close();
    await auth?.close();
    await db?.drop();
  });

  it('emails the code, which then logs the user in; the event on Kafka holds no readable code', async () => {
    await graphql(auth.url, `mutation { requestLoginCode(input: { email: "${email}" }) { expiresInSeconds } }`);
    const mail = await waitFor(() => sent.find((m) => m.to === email), { what: 'the login email', timeoutMs: 15_000 });
    const code = /login code is (\w+)\./.exec(mail.text)![1]!;
    expect(mail.text).toContain(code);
    const { rows } = await auth.pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM auth.outbox WHERE type = 'auth.login_code.issued'`);
    expect(JSON.stringify(rows)).not.toContain(code);
    const login = await graphql<{ verifyLoginCode: { accessToken: string | null } }>(auth.url, `mutation($c: String!) { verifyLoginCode(input: { email: "${email}", code: $c }) { accessToken } }`, { c: code });
    expect(login.data!.verifyLoginCode.accessToken).toEqual(expect.any(String));
  });

  it('sends once per event even when Kafka delivers it again, and drops expired or tampered codes', async () => {
    const { rows } = await auth.pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM auth.outbox WHERE type = 'auth.login_code.issued' ORDER BY id DESC LIMIT 1`);
    const original = rows[0]!.envelope;
    const bus = createKafkaBus({ brokers: readTestInfra().kafkaBrokers, clientId: 'delivery-test', logger: testLogger('delivery-test') });
    const producer = bus.producer();
    const topic = loginCodeEvents.topic('eu', prefix);
    const before = sent.length;
    const payload = original.payload as Record<string, string>;
    const send = (e: object) => producer.send([{ topic, key: original.entityId, value: JSON.stringify(e) }]);
    await send(original);
    await send({ ...original, eventId: randomUUID(), payload: { ...payload, expiresAt: new Date(Date.now() - 1000).toISOString() } });
    const [iv, tag, body] = payload.sealedCode!.split('.') as [string, string, string];
    await send({ ...original, eventId: randomUUID(), payload: { ...payload, sealedCode: `${iv}.${tag}.${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}` } });
    const marker = randomUUID();
    await send({ ...original, eventId: marker, payload: { ...payload, email: 'marker@swift3pl.dev' } });
    await waitFor(() => sent.some((m) => m.to === 'marker@swift3pl.dev'), { what: 'the marker email', timeoutMs: 15_000 });
    expect(sent.slice(before).map((m) => m.to)).toEqual(['marker@swift3pl.dev']);
    await producer.disconnect();
    await bus.close();
  });

  it('sends an event that does not match its contract to the dead-letter topic, with the reason, and goes on', async () => {
    const { rows } = await auth.pool.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM auth.outbox WHERE type = 'auth.login_code.issued' ORDER BY id DESC LIMIT 1`);
    const original = rows[0]!.envelope;
    const producer = notify.bus.producer();
    const topic = loginCodeEvents.topic('eu', prefix);
    const broken = { ...original, eventId: randomUUID(), payload: { ...(original.payload as object), email: undefined } };
    await producer.send([{ topic, key: original.entityId, value: JSON.stringify(broken) }]);
    const letters = (await readTopicUntil(notify.bus, deadLetterTopic('eu', 'notify.login-codes', prefix), (v) => v.length >= 1)) as { consumer: string; reason: string; eventId: string | null }[];
    expect(letters[0]).toMatchObject({ consumer: 'notify.login-codes', eventId: broken.eventId });
    expect(letters[0]!.reason).toContain('email');
    const marker = randomUUID();
    await producer.send([{ topic, key: original.entityId, value: JSON.stringify({ ...original, eventId: marker, payload: { ...(original.payload as object), email: 'after@swift3pl.dev' } }) }]);
    await waitFor(() => sent.some((m) => m.to === 'after@swift3pl.dev'), { what: 'the email after the dead letter', timeoutMs: 15_000 });
  });
});
