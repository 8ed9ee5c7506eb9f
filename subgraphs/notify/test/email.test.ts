/**
 * Email over real SMTP: the notify service sends queued notification emails and login codes to the
 * development SMTP sink (@miw/local-infra), in the recipient's language; production refuses to
 * start without a relay (real PostgreSQL and Kafka).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seal } from '@miw/auth';
import { loginCodeEvents } from '@miw/contracts';
import { startMailSink, type MailSink } from '@miw/local-infra';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp, smtpMailer } from '@miw/subgraph-notify';
import { createTestDatabase, readTestInfra, startTestSubgraph, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { notificationEmail } from '../src/mail/templates';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('email over SMTP to the development sink', () => {
  const prefix = testTopicPrefix('mail');
  let dir: string;
  let sink: MailSink;
  let db: TestDatabase;
  let notify: RunningSubgraph;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'miw-notify-mail-'));
    sink = await startMailSink({ dir });
    db = await createTestDatabase('notifymail');
    notify = await startTestSubgraph({
      domain: 'notify',
      databaseUrl: db.url,
      topicPrefix: prefix,
      createApp: (deps) => createApp({ ...deps, mailer: smtpMailer({ url: sink.smtpUrl, from: 'MadeInWorld <no-reply@madeinworld.dev>', logger: testLogger('smtp') }), appUrl: 'https://app.madeinworld.example', email: { pollMs: 100 } }),
    });
  });
  afterAll(async () => {
    await notify?.close();
    await sink?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const addUser = async (email: string, name: string, locale: string) => {
    const id = randomUUID();
    await notify.pool.query(`INSERT INTO notify.user_projection (id, email, name, locale, role, home_region, updated_at) VALUES ($1, $2, $3, $4, 'PARTNER', 'eu', now())`, [id, email, name, locale]);
    return id;
  };

  it('sends a queued notification email over SMTP, in Chinese for a zh-CN user, and records it as sent', async () => {
    const userId = await addUser('li@partner.cn', '李雷', 'zh-CN');
    const mail = notificationEmail({ locale: 'zh-CN', title: '订单已确认', body: '您的订单 <#42> 已确认。', link: null });
    const { rows } = await notify.pool.query<{ id: string }>(
      `INSERT INTO notify.email_message (id, to_address, user_id, subject, text, html, kind) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'ORDER_CONFIRMED') RETURNING id`,
      ['li@partner.cn', userId, mail.subject, mail.text, mail.html],
    );
    const received = await sink.waitForMessage((m) => m.to.includes('li@partner.cn'));
    expect(received).toMatchObject({ from: 'no-reply@madeinworld.dev', subject: '订单已确认' });
    expect(received.text).toContain('您的订单 <#42> 已确认。');
    expect(received.html).toContain('您的订单 &lt;#42&gt; 已确认。');
    const sent = await waitFor(async () => (await notify.pool.query<{ sent_at: Date | null; attempts: number }>(`SELECT sent_at, attempts FROM notify.email_message WHERE id = $1`, [rows[0]!.id])).rows.find((r) => r.sent_at));
    expect(sent.attempts).toBe(1);
  });

  it('links a notification email into the app (PUBLIC_APP_URL) when the notification has a link', async () => {
    const userId = await addUser('anna@partner.de', 'Anna', 'en');
    const orderId = randomUUID();
    const { rows } = await notify.pool.query<{ id: string }>(
      `INSERT INTO notify.notification (id, user_id, type, title, body, locale, link_entity, link_id) VALUES (gen_random_uuid(), $1, 'ORDER_PLACED', 'New order', 'A new order arrived.', 'en', 'ORDER', $2) RETURNING id`,
      [userId, orderId],
    );
    const queued = notificationEmail({ locale: 'en', title: 'New order', body: 'A new order arrived.', link: { entity: 'ORDER', id: orderId } });
    await notify.pool.query(
      `INSERT INTO notify.email_message (id, to_address, user_id, subject, text, html, kind, notification_id) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'ORDER_PLACED', $6)`,
      ['anna@partner.de', userId, queued.subject, queued.text, queued.html, rows[0]!.id],
    );
    const received = await sink.waitForMessage((m) => m.to.includes('anna@partner.de'));
    expect(received.subject).toBe('New order');
    expect(received.html).toContain('https://app.madeinworld.example/');
    expect(received.html).toContain(orderId);
    expect(received.text).toContain(orderId);
  });

  it('delivers a login code by email in the language of the user (zh-CN), and in English for an unknown user', async () => {
    const userId = await addUser('wang@partner.cn', '王芳', 'zh-CN');
    const producer = notify.bus.producer();
    const issue = (user: string, email: string, name: string, code: string) =>
      loginCodeEvents.message('issued', {
        entityId: user,
        originRegion: 'eu',
        entityUpdatedAt: new Date(),
        correlationId: 'email-test',
        payload: { userId: user, email, name, sealedCode: seal(readTestInfra().secrets.LOGIN_CODE_SEAL_SECRET, code), expiresAt: new Date(Date.now() + 600_000).toISOString() },
      }).envelope;
    const topic = loginCodeEvents.topic('eu', prefix);
    await producer.send([
      { topic, key: userId, value: JSON.stringify(issue(userId, 'wang@partner.cn', '王芳', '246810')) },
      { topic, key: 'x', value: JSON.stringify(issue(randomUUID(), 'ada@partner.dev', 'Ada', '135791')) },
    ]);
    const chinese = await sink.waitForMessage((m) => m.to.includes('wang@partner.cn'));
    expect(chinese.subject).toBe('您的 MadeInWorld 登录验证码');
    expect(chinese.text).toContain('王芳，您好：');
    expect(chinese.text).toContain('您的登录验证码是 246810');
    const english = await sink.waitForMessage((m) => m.to.includes('ada@partner.dev'));
    expect(english.subject).toBe('Your MadeInWorld login code');
    expect(english.text).toContain('Your login code is 135791.');
    // Login codes never rest readable in the database: they are not queued.
    const { rows } = await notify.pool.query(`SELECT 1 FROM notify.email_message WHERE text LIKE '%246810%' OR text LIKE '%135791%'`);
    expect(rows).toEqual([]);
    await producer.disconnect();
  });

  it('refuses to start in production without SMTP_URL, naming the variable', async () => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['subgraphs/notify/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        REGION: 'eu',
        PORT: '0',
        DATABASE_URL: db.url,
        KAFKA_BROKERS: readTestInfra().kafkaBrokers.join(','),
        INTERNAL_TOKEN_SECRET: readTestInfra().internalSecret,
        LOGIN_CODE_SEAL_SECRET: readTestInfra().secrets.LOGIN_CODE_SEAL_SECRET,
        WEBHOOK_ALLOW_PRIVATE: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain('SMTP_URL: is required in production');
    expect(stderr).toContain('WEBHOOK_ALLOW_PRIVATE');
  });
});
