/**
 * Sync alerts: the sync worker's dead letters and lag crossings reach the admins of the region it
 * applies into (the EU admin here), no one else, and a redelivered alert notifies no one twice.
 */
import { randomUUID } from 'node:crypto';
import { syncAlertEvents, type SyncAlertPayload } from '@miw/contracts';
import { waitFor } from '@miw/testing';
import { startAdminWorld, type AdminWorld } from './support/admin-world';
import { kafkaMessage } from './support/sources';

jest.setTimeout(120_000);

let world: AdminWorld;
beforeAll(async () => {
  world = await startAdminWorld('syncalerts');
});
afterAll(() => world?.close());

const alert = (verb: 'dead_lettered' | 'lagging', payload: SyncAlertPayload, eventId = randomUUID()) =>
  kafkaMessage(syncAlertEvents.message(verb, { eventId, entityId: payload.direction, originRegion: 'eu', entityUpdatedAt: new Date(), correlationId: 'test-sync', payload }), world.prefix);

const base = { direction: 'cn-to-eu', from: 'cn', to: 'eu', detectedAt: '2026-12-07T10:00:00.000Z' } as const;

it('tells the region admins of a dead letter and of lag, once each, whatever redelivers', async () => {
  const deadLetterId = randomUUID();
  const dead = alert('dead_lettered', { ...base, kind: 'dead_letter', deadLetterId, reason: 'INVALID_PAYLOAD', sourceTopic: 'cn.auth.user.v1', error: 'payload: role' }, deadLetterId);
  const lagId = randomUUID();
  const lag = alert('lagging', { ...base, kind: 'lag', lagMs: 90_000, thresholdMs: 60_000 }, lagId);
  await world.producer.send([dead, lag, dead, lag]);
  await waitFor(async () => (await world.told(lagId)).length > 0 && (await world.told(deadLetterId)).length > 0, { what: 'both alerts notified' });
  // A marker after the redeliveries: once it is notified, the redeliveries were consumed too.
  const marker = randomUUID();
  await world.producer.send([alert('lagging', { ...base, kind: 'lag', lagMs: 70_000, thresholdMs: 60_000 }, marker)]);
  await waitFor(async () => (await world.told(marker)).length > 0, { what: 'the marker alert' });

  expect(await world.told(deadLetterId)).toEqual(['admin:SYNC_DEAD_LETTER']);
  expect(await world.told(lagId)).toEqual(['admin:SYNC_LAG']);
  const { rows } = await world.notify.pool.query<{ title: string; body: string; link_entity: string; link_id: string; data: Record<string, unknown> }>(
    `SELECT title, body, link_entity, link_id, data FROM notify.notification WHERE source_event_id = $1`,
    [deadLetterId],
  );
  // The EU admin reads Chinese.
  expect(rows[0]).toMatchObject({ title: '同步 cn-to-eu：有消息进入死信队列', link_entity: 'SYNC', link_id: 'cn-to-eu', data: { kind: 'dead_letter', deadLetterId, reason: 'INVALID_PAYLOAD' } });
  expect(rows[0]!.body).toContain('cn.auth.user.v1');
});

it('dead-letters an alert that does not match its contract, and tells no one', async () => {
  const bad = alert('lagging', { ...base, kind: 'lag', lagMs: 1 } as SyncAlertPayload);
  const envelope = JSON.parse(String(bad.value)) as { eventId: string; payload: Record<string, unknown> };
  envelope.payload.kind = 'panic';
  await world.producer.send([{ ...bad, value: JSON.stringify(envelope) }]);
  const marker = randomUUID();
  await world.producer.send([alert('lagging', { ...base, kind: 'lag', lagMs: 70_000, thresholdMs: 60_000 }, marker)]);
  await waitFor(async () => (await world.told(marker)).length > 0, { what: 'the marker alert' });
  expect(await world.told(envelope.eventId)).toEqual([]);
});
