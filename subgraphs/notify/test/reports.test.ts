/**
 * The daily report: the region's order and inventory events are counted on their UTC day (once,
 * whatever redelivers), `dailyReport(date)` answers admins only and refuses malformed, future and
 * too old dates, and the daily job sends one DAILY_REPORT to each admin of the region.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { graphql, internalHeaders, waitFor } from '@miw/testing';
import { runJob } from '../src/services/schedules';
import { startAdminWorld, type AdminWorld } from './support/admin-world';
import * as src from './support/sources';

jest.setTimeout(120_000);

let world: AdminWorld;
beforeAll(async () => {
  world = await startAdminWorld('reports');
});
afterAll(() => world?.close());

const REPORT = /* GraphQL */ `
  query($date: String!) {
    dailyReport(date: $date) { date region ordersPlaced ordersCancelled ordersFulfilled revenue { currency amount } stockRequestsCreated shipmentsCreated shipmentsDelivered discrepancies lowStockLevels }
  }
`;
const viewer = (u: { id: string; role: string; organizationId: string | null }): UserViewer =>
  ({ kind: 'user', userId: u.id, role: u.role, organizationId: u.organizationId, region: 'eu', scopes: [] }) as UserViewer;
const report = async (who: UserViewer, date: string) => graphql(world.notify.url, REPORT, { date }, await internalHeaders(who));

/** Events are stamped when they are made (occurredAt): today, UTC. */
const DAY = new Date().toISOString().slice(0, 10);

it('counts the day once, answers admins, and sends the report to the region admins', async () => {
  const storeId = randomUUID();
  const orgs = [world.makerOrg];
  const orderId = randomUUID();
  const shipmentId = randomUUID();
  const events = [
    src.order('placed', { id: orderId, shopperId: randomUUID(), storeId, organizationIds: orgs, status: 'PLACED', previousStatus: null }, world.prefix),
    src.order('placed', { id: randomUUID(), shopperId: randomUUID(), storeId, organizationIds: orgs, status: 'PLACED', previousStatus: 'PENDING_PAYMENT' }, world.prefix),
    src.order('confirmed', { id: orderId, shopperId: randomUUID(), storeId, organizationIds: orgs, status: 'CONFIRMED', previousStatus: 'PLACED' }, world.prefix),
    src.order('cancelled', { id: randomUUID(), shopperId: randomUUID(), storeId, organizationIds: orgs, status: 'CANCELLED', previousStatus: 'PLACED' }, world.prefix),
    src.stockRequest('created', { id: randomUUID(), storeId, organizationIds: orgs }, world.prefix),
    src.shipment('created', { id: shipmentId, storeId, organizationIds: orgs }, world.prefix),
    src.shipment('updated', { id: shipmentId, storeId, organizationIds: orgs, status: 'DELIVERED' }, world.prefix),
    // Verified later: still DELIVERED, still one delivery.
    src.shipment('updated', { id: shipmentId, storeId, organizationIds: orgs, status: 'DELIVERED' }, world.prefix),
    src.discrepancy({ shipmentId, storeId, organizationIds: orgs }, world.prefix),
    src.lowStockCrossed({ storeId, organizationIds: orgs }, world.prefix),
  ];
  // Everything twice: a redelivery counts nothing.
  await src.send(world.producer, ...events, ...events);
  const expected = {
    date: DAY,
    region: 'eu',
    ordersPlaced: 2,
    ordersCancelled: 1,
    ordersFulfilled: 0,
    revenue: [{ currency: 'EUR', amount: 2 * 2598 }],
    stockRequestsCreated: 1,
    shipmentsCreated: 1,
    shipmentsDelivered: 1,
    discrepancies: 1,
    lowStockLevels: 1,
  };
  await waitFor(
    async () => {
      const { rows } = await world.notify.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notify.inbox WHERE consumer = 'report-stats'`);
      return rows[0]!.n === events.length;
    },
    { what: 'every event counted' },
  );
  // A marker behind the redeliveries (same topic): once counted, the duplicates were consumed.
  await src.send(world.producer, src.lowStockCrossed({ storeId, organizationIds: orgs }, world.prefix));
  await waitFor(async () => ((await report(viewer(world.admin), DAY)).data?.dailyReport as { lowStockLevels: number } | undefined)?.lowStockLevels === 2, { what: 'the marker' });
  expect((await report(viewer(world.admin), DAY)).data).toEqual({ dailyReport: { ...expected, lowStockLevels: 2 } });

  // A quiet day answers zeros; other roles are refused.
  const quiet = new Date(Date.now() - 30 * 24 * 3600_000).toISOString().slice(0, 10);
  expect((await report(viewer(world.admin), quiet)).data).toMatchObject({ dailyReport: { date: quiet, ordersPlaced: 0, revenue: [] } });
  for (const who of [world.maker, world.partner]) expect((await report(viewer(who), DAY)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  // The daily job: one DAILY_REPORT per admin of the region, once however often it runs.
  const day = new Date(`${DAY}T00:00:00.000Z`);
  expect(await runJob(world.jobs(), 'daily-report', day)).toBe('ran');
  await world.notify.pool.query(`DELETE FROM notify.scheduled_run WHERE job = 'daily-report'`);
  expect(await runJob(world.jobs(), 'daily-report', day)).toBe('ran');
  expect(await world.told('daily-report:')).toEqual(['admin:DAILY_REPORT']);
  const { rows } = await world.notify.pool.query<{ title: string; body: string; link_id: string }>(`SELECT title, body, link_id FROM notify.notification WHERE type = 'DAILY_REPORT'`);
  expect(rows[0]).toMatchObject({ title: `每日报告 ${DAY}（EU）`, link_id: DAY });
  expect(rows[0]!.body).toContain('新订单：2');
});

it.each([
  ['not-a-date', 'YYYY-MM-DD'],
  ['2026-02-30', 'calendar'],
  ['2999-01-01', 'future'],
  ['2020-01-01', 'days ago'],
  [`${DAY}T00:00:00Z`, 'YYYY-MM-DD'],
])('refuses the date %j with BAD_USER_INPUT on field date', async (date, message) => {
  const res = await report(viewer(world.admin), date);
  expect(res.data).toBeNull();
  expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'date' } });
  expect(res.errors?.[0]?.message).toContain(message);
});
