/**
 * A notify subgraph with a small world of users and organizations in its projections, for the
 * tests of the digest, the daily report and the sync alerts: an EU admin, a CN admin, two
 * manufacturers' members, a partner's member; and the scheduled jobs' dependencies, so a test runs
 * a job for a slot directly (`runJob`) instead of waiting for the clock.
 */
import { randomUUID } from 'node:crypto';
import type { EventProducer } from '@miw/events';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp, type Mailer } from '@miw/subgraph-notify';
import { createTestDatabase, organizationMessage, startTestSubgraph, testLogger, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { createNotifyDb } from '../../src/data/db';
import type { ScheduleDeps } from '../../src/services/schedules';
import * as src from './sources';

const noMail = { send: async () => undefined, close: async () => undefined } as unknown as Mailer;

export interface AdminWorld {
  prefix: string;
  notify: RunningSubgraph;
  producer: EventProducer;
  makerOrg: string;
  otherMakerOrg: string;
  partnerOrg: string;
  admin: src.TestUser;
  cnAdmin: src.TestUser;
  maker: src.TestUser;
  otherMaker: src.TestUser;
  partner: src.TestUser;
  /** A role name per user id, for readable assertions. */
  nameOf(id: string): string;
  /** "name:TYPE" of every notification whose source starts with `source`, sorted. */
  told(source: string): Promise<string[]>;
  jobs(): ScheduleDeps;
  close(): Promise<void>;
}

export async function startAdminWorld(label: string): Promise<AdminWorld> {
  const prefix = testTopicPrefix(label);
  const db: TestDatabase = await createTestDatabase(label);
  const notify = await startTestSubgraph({ domain: 'notify', databaseUrl: db.url, topicPrefix: prefix, createApp: (deps) => createApp({ ...deps, mailer: noMail }) });
  const producer = notify.bus.producer();
  const [makerOrg, otherMakerOrg, partnerOrg] = [randomUUID(), randomUUID(), randomUUID()];
  const users = {
    admin: src.newUser('ADMIN', null, { locale: 'zh-CN' }),
    cnAdmin: src.newUser('ADMIN', null, { homeRegion: 'cn' }),
    maker: src.newUser('MANUFACTURER', makerOrg),
    otherMaker: src.newUser('MANUFACTURER', otherMakerOrg),
    partner: src.newUser('PARTNER', partnerOrg),
  };
  const names = new Map(Object.entries(users).map(([name, u]) => [u.id, name]));
  const at = src.tick();
  await src.send(
    producer,
    organizationMessage('eu', { id: makerOrg, kind: 'MANUFACTURER', updatedAt: at }, prefix),
    organizationMessage('eu', { id: otherMakerOrg, kind: 'MANUFACTURER', updatedAt: at }, prefix),
    organizationMessage('eu', { id: partnerOrg, kind: 'PARTNER', updatedAt: at }, prefix),
    ...Object.values(users).map((u) => src.userSnapshot(u.homeRegion, u, prefix)),
  );
  await waitFor(
    async () => {
      const { rows } = await notify.pool.query<{ users: number; orgs: number }>(
        `SELECT (SELECT count(*)::int FROM notify.user_projection) AS users, (SELECT count(*)::int FROM notify.organization_projection) AS orgs`,
      );
      return rows[0]!.users === 5 && rows[0]!.orgs === 3;
    },
    { what: 'the projections of users and organizations', timeoutMs: 30_000 },
  );
  const prisma = createNotifyDb(notify.pool);
  return {
    prefix,
    notify,
    producer,
    makerOrg,
    otherMakerOrg,
    partnerOrg,
    ...users,
    nameOf: (id) => names.get(id) ?? id,
    async told(source) {
      const { rows } = await notify.pool.query<{ user_id: string; type: string }>(`SELECT user_id, type FROM notify.notification WHERE source_event_id LIKE $1 || '%'`, [source]);
      return rows.map((r) => `${names.get(r.user_id) ?? r.user_id}:${r.type}`).sort();
    },
    jobs: () => ({ pool: notify.pool, db: prisma, region: 'eu', logger: testLogger('notify-jobs'), holder: `test-${randomUUID().slice(0, 8)}`, lowStockDigestIntervalMs: 15 * 60_000, dailyReportHourUtc: 0 }),
    async close() {
      await producer.disconnect();
      await prisma.$disconnect();
      await notify.close();
      await db.drop();
    },
  };
}
