/**
 * The low-stock digest: levels that fell low wait for the next run of the digest job, which sends
 * ONE notification per recipient (region admins: every level; a manufacturer's members: the levels
 * of their organization; anyone else: nothing), marks them digested, and sends nothing twice
 * (redelivered events, a second run of the slot, a second instance).
 */
import { randomUUID } from 'node:crypto';
import { waitFor } from '@miw/testing';
import { runJob } from '../src/services/schedules';
import { startAdminWorld, type AdminWorld } from './support/admin-world';
import * as src from './support/sources';

jest.setTimeout(120_000);

let world: AdminWorld;
beforeAll(async () => {
  world = await startAdminWorld('digest');
});
afterAll(() => world?.close());

const pending = async (): Promise<{ total: number; undigested: number }> =>
  (await world.notify.pool.query<{ total: number; undigested: number }>(`SELECT count(*)::int AS total, count(*) FILTER (WHERE digested_at IS NULL)::int AS undigested FROM notify.low_stock_pending`)).rows[0]!;

it('sends one digest per recipient, scoped to their organization, and nothing twice', async () => {
  const storeId = randomUUID();
  const mine = [1, 2, 3].map(() => src.lowStockCrossed({ storeId, organizationIds: [world.makerOrg, world.partnerOrg] }, world.prefix));
  const theirs = src.lowStockCrossed({ storeId, organizationIds: [world.otherMakerOrg] }, world.prefix);
  await src.send(world.producer, ...mine, theirs);
  await waitFor(async () => (await pending()).total === 4, { what: 'four levels pending' });
  // The partner is in the audience but is no manufacturer: never kept for the digest.
  const { rows } = await world.notify.pool.query<{ organization_ids: string[] }>(`SELECT organization_ids FROM notify.low_stock_pending`);
  expect(rows.flatMap((r) => r.organization_ids)).not.toContain(world.partnerOrg);

  const slot = new Date('2026-12-07T10:15:00.000Z');
  expect(await runJob(world.jobs(), 'low-stock-digest', slot)).toBe('ran');
  expect(await world.told('low-stock-digest:')).toEqual(['admin:LOW_STOCK_DIGEST', 'maker:LOW_STOCK_DIGEST', 'otherMaker:LOW_STOCK_DIGEST']);
  expect(await pending()).toEqual({ total: 4, undigested: 0 });

  const digests = await world.notify.pool.query<{ user_id: string; title: string; body: string; data: { count: number } }>(
    `SELECT user_id, title, body, data FROM notify.notification WHERE type = 'LOW_STOCK_DIGEST'`,
  );
  const of = (id: string) => digests.rows.find((r) => r.user_id === id)!;
  expect(of(world.admin.id)).toMatchObject({ title: '库存不足：4 个库存', data: { count: 4 } });
  expect(of(world.maker.id)).toMatchObject({ title: 'Low stock: 3 levels', data: { count: 3 } });
  expect(of(world.otherMaker.id)).toMatchObject({ title: 'Low stock: 1 level', data: { count: 1 } });
  expect(of(world.maker.id).body).toContain(`store ${storeId}`);

  // The same slot again (another instance, or this one): claimed already, nothing sent.
  expect(await runJob({ ...world.jobs(), holder: 'another-instance' }, 'low-stock-digest', slot)).toBe('claimed elsewhere');
  // Redelivered events: already kept, nothing new to digest at the next slot.
  await src.send(world.producer, ...mine, theirs);
  const marker = src.lowStockCrossed({ storeId, organizationIds: [world.otherMakerOrg] }, world.prefix);
  await src.send(world.producer, marker);
  await waitFor(async () => (await pending()).total === 5, { what: 'the marker level after the redeliveries' });
  expect(await runJob(world.jobs(), 'low-stock-digest', new Date(slot.getTime() + 15 * 60_000))).toBe('ran');
  // Only the marker level went out, to the admin and its manufacturer.
  const all = await world.told('low-stock-digest:');
  expect(all).toEqual(['admin:LOW_STOCK_DIGEST', 'admin:LOW_STOCK_DIGEST', 'maker:LOW_STOCK_DIGEST', 'otherMaker:LOW_STOCK_DIGEST', 'otherMaker:LOW_STOCK_DIGEST']);
  // The CN admin and the partner heard nothing.
  expect(all.join()).not.toMatch(/cnAdmin|partner/);
});

it('a run with nothing pending sends nothing', async () => {
  const before = (await world.told('low-stock-digest:')).length;
  expect(await runJob(world.jobs(), 'low-stock-digest', new Date('2026-12-07T11:00:00.000Z'))).toBe('ran');
  expect((await world.told('low-stock-digest:')).length).toBe(before);
});

it('takes over a run left unfinished by a crashed instance once it is stale, never a fresh one', async () => {
  const slot = new Date('2026-12-07T12:00:00.000Z');
  await world.notify.pool.query(`INSERT INTO notify.scheduled_run (job, slot, holder, started_at) VALUES ('low-stock-digest', $1, 'crashed', now() - interval '1 hour')`, [slot]);
  const fresh = new Date('2026-12-07T12:15:00.000Z');
  await world.notify.pool.query(`INSERT INTO notify.scheduled_run (job, slot, holder) VALUES ('low-stock-digest', $1, 'busy')`, [fresh]);
  expect(await runJob(world.jobs(), 'low-stock-digest', slot)).toBe('ran');
  expect(await runJob(world.jobs(), 'low-stock-digest', fresh)).toBe('claimed elsewhere');
  const { rows } = await world.notify.pool.query<{ holder: string; finished: boolean }>(`SELECT holder, finished_at IS NOT NULL AS finished FROM notify.scheduled_run WHERE slot = $1`, [slot]);
  expect(rows).toEqual([{ holder: expect.stringMatching(/^test-/), finished: true }]);
});
