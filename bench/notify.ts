/**
 * npm run bench:notify: the notify service as a child process (started as `npm start` starts it,
 * with its SMTP relay pointed at the development mail sink), fed a backlog of order events on
 * Kafka. Prints:
 *   - events/s turned into notifications: from the first publish until every event has its
 *     notifications (the shopper and the store partner's members, emails queued with them);
 *   - webhook deliveries/s: from the first publish until a local receiver got every signed
 *     delivery of the partner's endpoint (signatures checked on a sample with standardwebhooks);
 *   - emails/s sent over SMTP into the sink.
 * Needs PostgreSQL (PG_URL_EU) and Kafka (KAFKA_BROKERS); uses its own database and topic prefix
 * and drops the database at the end. BENCH_EVENTS sets the backlog (default 2000).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { orderEvents, type EventEnvelope } from '@miw/contracts';
import { createPool, dropDatabase, ensureDatabase, migrateAll, withDatabase } from '@miw/db';
import { createKafkaBus } from '@miw/events';
import { startMailSink } from '@miw/local-infra';
import { createLogger } from '@miw/logging';
import { runBenchmark, startServiceProcess, stopServices, waitUntilReady, type ServiceProcess, type Teardown } from './lib/processes';

const PG = process.env.PG_URL_EU ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
/** How long to wait for the notifications of the backlog before reporting what arrived. */
const PATIENCE_MS = Number(process.env.BENCH_PATIENCE_MS ?? 120_000);
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logger = createLogger({ service: 'bench-notify', level: 'warn' });

/** A receiver that accepts every delivery and keeps the first few for the signature check. */
async function startReceiver() {
  const sample: { headers: IncomingHttpHeaders; body: string }[] = [];
  const ids = new Set<string>();
  let lastAt = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      ids.add(String(req.headers['webhook-id']));
      lastAt = performance.now();
      if (sample.length < 20) sample.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    sample,
    ids,
    lastAt: () => lastAt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function orderPlaced(shopper: string, partnerOrg: string, i: number): EventEnvelope {
  const id = randomUUID();
  const now = new Date();
  return orderEvents.message('placed', {
    entityId: id,
    originRegion: 'eu',
    entityUpdatedAt: now,
    correlationId: `bench-${i}`,
    payload: {
      id,
      userId: shopper,
      customerEmail: 'shopper@bench.dev',
      storeId: randomUUID(),
      status: 'PLACED',
      previousStatus: null,
      cancelReason: null,
      totalAmount: 1000 + i,
      currency: 'EUR',
      paymentProvider: 'manual',
      paymentStatus: 'PENDING',
      shippingAddress: null,
      lines: [],
      expiresAt: null,
      placedAt: now.toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      audience: { userIds: [shopper], organizationIds: [partnerOrg] },
    },
  }).envelope;
}

async function run(teardown: Teardown) {
  const database = `miw_bench_notify_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(PG, database);
  await ensureDatabase(PG, database);
  teardown.add('drop the database', () => dropDatabase(PG, database));
  await migrateAll(url, path.join(__dirname, '..', 'prisma'), ['notify']);
  const pool = createPool({ url, max: 4, name: 'bench-notify' });
  teardown.add('close the pool', () => pool.end());

  // The facts the notify projections would hold: a partner organization with 3 members, a shopper,
  // and one endpoint of the partner subscribed to new orders.
  const partnerOrg = randomUUID();
  const shopper = randomUUID();
  await pool.query(`INSERT INTO notify.organization_projection (id, name, kind, updated_at) VALUES ($1, 'Bench Partner', 'PARTNER', now())`, [partnerOrg]);
  await pool.query(`INSERT INTO notify.user_projection (id, email, name, locale, role, home_region, updated_at) VALUES ($1, 'shopper@bench.dev', 'Shopper', 'en', 'CUSTOMER', 'eu', now())`, [shopper]);
  for (const [i, locale] of ['en', 'zh-CN', 'en'].entries()) {
    await pool.query(`INSERT INTO notify.user_projection (id, email, name, locale, role, organization_id, home_region, updated_at) VALUES ($1, $2, $3, $4, 'PARTNER', $5, 'eu', now())`, [
      randomUUID(),
      `partner${i}@bench.dev`,
      `Partner ${i}`,
      locale,
      partnerOrg,
    ]);
  }
  const receiver = await startReceiver();
  teardown.add('stop the receiver', () => receiver.close());
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  await pool.query(`INSERT INTO notify.webhook_endpoint (id, organization_id, url, event_types, secret, created_by, updated_at) VALUES (gen_random_uuid(), $1, $2, ARRAY['order.placed'], $3, $4, now())`, [
    partnerOrg,
    receiver.url,
    secret,
    shopper,
  ]);
  const mailDir = await mkdtemp(path.join(os.tmpdir(), 'miw-bench-mail-'));
  teardown.add('remove the mailbox', () => rm(mailDir, { recursive: true, force: true }));
  const sink = await startMailSink({ dir: mailDir });
  teardown.add('stop the mail sink', () => sink.close());

  const prefix = `bench.${randomBytes(3).toString('hex')}.`;
  const notify: ServiceProcess = await startServiceProcess({
    id: 'notify',
    entry: 'subgraphs/notify/src/main.ts',
    env: {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      REGION: 'eu',
      DATABASE_URL: url,
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      INTERNAL_TOKEN_SECRET: randomBytes(32).toString('hex'),
      LOGIN_CODE_SEAL_SECRET: randomBytes(32).toString('hex'),
      SMTP_URL: sink.smtpUrl,
      NOTIFY_POLL_MS: '100',
      NOTIFY_SCHEDULES: 'false',
      APOLLO_TELEMETRY_DISABLED: '1',
    },
  });
  teardown.add('stop notify', () => stopServices([notify]));
  await waitUntilReady(notify, 120_000);

  const bus = createKafkaBus({ brokers: BROKERS, clientId: 'bench-notify', logger });
  teardown.add('close the bus', () => bus.close());
  const producer = bus.producer();
  teardown.add('disconnect the producer', () => producer.disconnect());
  const topic = orderEvents.topic('eu', prefix);
  const events = Array.from({ length: EVENTS }, (_, i) => orderPlaced(shopper, partnerOrg, i));
  const eventIds = events.map((e) => e.eventId);

  say(`notify bench: ${EVENTS} order.placed events (each: 4 notifications, emails where preferences allow, 1 webhook delivery), notify as a child process, Kafka ${BROKERS.join(',')}`);
  const started = performance.now();
  for (let i = 0; i < events.length; i += 500) {
    await producer.send(events.slice(i, i + 500).map((e) => ({ topic, key: e.entityId, value: JSON.stringify(e) })));
  }
  const publishedIn = (performance.now() - started) / 1000;

  const notified = async () => Number((await pool.query<{ n: string }>(`SELECT count(DISTINCT source_event_id) AS n FROM notify.notification WHERE source_event_id = ANY($1)`, [eventIds])).rows[0]!.n);
  let notifiedAt = 0;
  let done = 0;
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline && (done < EVENTS || receiver.ids.size < EVENTS)) {
    const now = await notified();
    if (now > done) notifiedAt = performance.now();
    done = now;
    await sleep(100);
  }
  const deliveredIn = (receiver.lastAt() - started) / 1000;
  const notifiedIn = (notifiedAt - started) / 1000;
  const emails = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM notify.email_message WHERE sent_at IS NOT NULL`)).rows[0]!.n);
  const firstEmail = (await pool.query<{ t: Date | null; l: Date | null }>(`SELECT min(created_at) AS t, max(sent_at) AS l FROM notify.email_message WHERE sent_at IS NOT NULL`)).rows[0]!;

  say(`published ${EVENTS} events in ${publishedIn.toFixed(1)} s`);
  say(
    done === 0
      ? `notifications: none within ${PATIENCE_MS / 1000} s (is the order notification consumer in place?)`
      : `notifications: ${done}/${EVENTS} events notified in ${notifiedIn.toFixed(1)} s = ${(done / notifiedIn).toFixed(0)} events/s turned into notifications`,
  );
  say(
    receiver.ids.size === 0
      ? `webhooks: no delivery within ${PATIENCE_MS / 1000} s`
      : `webhooks: ${receiver.ids.size}/${EVENTS} deliveries received in ${deliveredIn.toFixed(1)} s = ${(receiver.ids.size / deliveredIn).toFixed(0)} deliveries/s`,
  );
  if (emails && firstEmail.t && firstEmail.l) {
    const span = (firstEmail.l.getTime() - firstEmail.t.getTime()) / 1000;
    say(`email: ${emails} sent over SMTP to the sink, ${(emails / Math.max(span, 0.001)).toFixed(0)} emails/s (first queued to last sent)`);
  }
  const bad = receiver.sample.filter((d) => {
    try {
      new Webhook(secret).verify(d.body, d.headers as Record<string, string>);
      return false;
    } catch {
      return true;
    }
  });
  say(`signatures: ${receiver.sample.length - bad.length}/${receiver.sample.length} sampled deliveries verify with standardwebhooks`);
  if (bad.length || receiver.ids.size < EVENTS || done < EVENTS) process.exitCode = 1;
}

runBenchmark('bench:notify', run);
