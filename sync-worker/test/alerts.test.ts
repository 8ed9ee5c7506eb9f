/**
 * The alerts the sync worker publishes for the target region's admins (`<to>.sync.alert.v1`,
 * read by that region's notify): one per dead letter (its event id is the dead letter's id), and
 * one per crossing of the lag threshold, not one per lagging event.
 */
import { syncAlertEvents, parseEnvelope, type EventEnvelope, type SyncAlertPayload } from '@miw/contracts';
import { readTopicUntil, waitFor } from '@miw/testing';
import { productEvent, startTwoRegions, type TwoRegions } from './harness';

jest.setTimeout(120_000);

let regions: TwoRegions;
beforeAll(async () => {
  regions = await startTwoRegions('alerts', { subgraphs: false });
});
afterAll(() => regions?.close());

const alertsOf = (values: unknown[]) => values.map((v) => syncAlertEvents.parse(parseEnvelope(JSON.stringify(v))) as EventEnvelope<SyncAlertPayload>);

/** A product snapshot committed in EU `ageMs` ago (as if the worker were that far behind). */
const oldProduct = (sku: string, ageMs: number): EventEnvelope => ({ ...productEvent(sku), occurredAt: new Date(Date.now() - ageMs).toISOString() });

it('alerts once per dead letter and once per lag crossing, on the topic of the region applied into', async () => {
  const worker = await regions.startWorker('eu', 'cn', { lagAlertMs: 5_000 });
  const topic = syncAlertEvents.topic('cn', regions.prefix);

  // A backlog two minutes behind: one alert for the whole backlog.
  await regions.publish('eu', 'catalog', 'product', [oldProduct('LAG-1', 120_000), oldProduct('LAG-2', 119_000)]);
  await waitFor(() => worker.stats.applied >= 2, { what: 'the backlog applied' });
  await regions.publish('eu', 'catalog', 'product', [oldProduct('LAG-3', 118_000)]);
  await waitFor(() => worker.stats.applied >= 3, { what: 'more of the backlog applied' });

  // Caught up (fresh events), then behind again: a second crossing, a second alert.
  await regions.publish('eu', 'catalog', 'product', [productEvent('FRESH-1')]);
  await waitFor(() => worker.stats.applied >= 4, { what: 'a fresh event applied' });
  await regions.publish('eu', 'catalog', 'product', [oldProduct('LAG-4', 60_000)]);
  await waitFor(() => worker.stats.applied >= 5, { what: 'the second backlog applied' });

  // A message that is no envelope: dead-lettered, and alerted with the dead letter's id.
  await regions.publish('eu', 'catalog', 'product', ['{"not": "an envelope"}']);
  await waitFor(() => worker.stats.deadLettered >= 1, { what: 'the dead letter' });
  const { rows } = await regions.cn.pool.query<{ id: string; reason: string }>(`SELECT id, reason FROM sync.dead_letter`);
  expect(rows).toHaveLength(1);

  const alerts = alertsOf(await readTopicUntil(regions.bus, topic, (values) => values.length >= 3));
  const lag = alerts.filter((a) => a.payload.kind === 'lag');
  const dead = alerts.filter((a) => a.payload.kind === 'dead_letter');
  expect(lag).toHaveLength(2);
  expect(lag[0]!.payload).toMatchObject({ direction: 'eu-to-cn', from: 'eu', to: 'cn', thresholdMs: 5_000 });
  expect(lag[0]!.payload.lagMs).toBeGreaterThan(100_000);
  expect(lag[0]).toMatchObject({ type: 'sync.alert.lagging', entity: 'SyncDirection', entityId: 'eu-to-cn', originRegion: 'cn' });
  expect(dead).toEqual([expect.objectContaining({ eventId: rows[0]!.id, type: 'sync.alert.dead_lettered', payload: expect.objectContaining({ kind: 'dead_letter', deadLetterId: rows[0]!.id, reason: rows[0]!.reason, sourceTopic: `${regions.prefix}eu.catalog.product.v1` }) })]);
  // Nothing on the other region's alert topic: the alert belongs to the region applied into.
  expect(syncAlertEvents.topic('eu', regions.prefix)).not.toBe(topic);
});
