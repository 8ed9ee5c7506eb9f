/**
 * Row-level security of notify's tenant tables (prisma/notify/sql/*_rls.sql): the data layer is
 * asked for someone else's rows, inside a viewer's database scope, on a pool like the service's,
 * and the database itself returns nothing of them.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { createPool, runInDbScope, SYSTEM_SCOPE, type DbScope } from '@miw/db';
import { createTestDatabase, type TestDatabase } from '@miw/testing';
import { createNotifyDb, type NotifyDb } from '../src/data/db';
import { listNotificationsOfUser } from '../src/data/notifications';
import { listDeliveriesOf, listEndpointsOf } from '../src/data/webhooks';

const user = { ann: randomUUID(), bob: randomUUID() };
const org = { a: randomUUID(), b: randomUUID() };
const endpoint = { a: randomUUID(), b: randomUUID() };

const as = {
  ann: { userId: user.ann, organizationId: org.a, role: 'PARTNER' } satisfies DbScope,
  bob: { userId: user.bob, organizationId: org.b, role: 'LOGISTICS' } satisfies DbScope,
  admin: { userId: randomUUID(), organizationId: null, role: 'ADMIN' } satisfies DbScope,
};

describe('notify row-level security', () => {
  let db: TestDatabase;
  let owner: pg.Pool;
  let service: pg.Pool;
  let prisma: NotifyDb;

  beforeAll(async () => {
    db = await createTestDatabase('ntfrls');
    owner = createPool({ url: db.url, max: 2 });
    service = createPool({ url: db.url, max: 3, role: 'miw_notify', scoped: true });
    prisma = createNotifyDb(service);
    await owner.query(
      `INSERT INTO notify.notification (id, user_id, type, title, body) VALUES (gen_random_uuid(), $1, 'ORDER_PLACED', 't', 'b'), (gen_random_uuid(), $2, 'ORDER_PLACED', 't', 'b')`,
      [user.ann, user.bob],
    );
    await owner.query(
      `INSERT INTO notify.webhook_endpoint (id, organization_id, url, event_types, secret, created_by, updated_at)
       VALUES ($1, $2, 'https://a.example/hook', '{}', 's', $3, now()), ($4, $5, 'https://b.example/hook', '{}', 's', $6, now())`,
      [endpoint.a, org.a, user.ann, endpoint.b, org.b, user.bob],
    );
    await owner.query(`INSERT INTO notify.webhook_delivery (id, endpoint_id, event_type, payload) VALUES (gen_random_uuid(), $1, 'x', '{}'), (gen_random_uuid(), $2, 'x', '{}')`, [endpoint.a, endpoint.b]);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await service?.end();
    await owner?.end();
    await db?.drop();
  });

  it('runs the service as its own role, which owns no table and is no superuser', async () => {
    const { rows } = await runInDbScope(SYSTEM_SCOPE, () => service.query<{ user: string }>('SELECT current_user AS user'));
    expect(rows[0]!.user).toBe('miw_notify');
    expect((await owner.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'miw_notify'`)).rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    expect((await owner.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'notify' AND tableowner = 'miw_notify'`)).rowCount).toBe(0);
  });

  it('gives a user only the notifications addressed to them, whatever the query asks', async () => {
    await runInDbScope(as.ann, async () => {
      expect(await listNotificationsOfUser(prisma, user.bob, 100)).toEqual([]);
      expect((await prisma.notification.findMany()).map((n) => n.userId)).toEqual([user.ann]);
      expect(await prisma.notification.updateMany({ data: { readAt: new Date() } })).toEqual({ count: 1 });
    });
    expect((await owner.query(`SELECT user_id FROM notify.notification WHERE read_at IS NOT NULL`)).rows).toEqual([{ user_id: user.ann }]);
  });

  it('gives an organization only its webhook endpoints and their deliveries', async () => {
    await runInDbScope(as.bob, async () => {
      expect(await listEndpointsOf(prisma, org.a)).toEqual([]);
      expect(await listDeliveriesOf(prisma, endpoint.a, 100, undefined)).toEqual([]);
      expect((await prisma.webhookEndpoint.findMany()).map((e) => e.id)).toEqual([endpoint.b]);
      expect(await prisma.webhookDelivery.count()).toBe(1);
    });
  });

  it('lets admins and the system see every row, and nobody without a scope', async () => {
    for (const who of [as.admin, SYSTEM_SCOPE]) {
      await runInDbScope(who, async () => {
        expect(await prisma.notification.count()).toBe(2);
        expect(await prisma.webhookDelivery.count()).toBe(2);
      });
    }
    expect(await prisma.notification.count()).toBe(0);
    expect(await prisma.webhookEndpoint.count()).toBe(0);
  });
});
