import { parseEnvelope } from '../envelope';
import { InvalidEventError } from '../contract';
import { syncAlertEvents, type SyncAlertPayload } from './sync';

const stamp = '2026-12-06T10:00:00.000Z';
const deadLetter: SyncAlertPayload = {
  kind: 'dead_letter',
  direction: 'eu-to-cn',
  from: 'eu',
  to: 'cn',
  detectedAt: stamp,
  deadLetterId: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  reason: 'INVALID_PAYLOAD',
  error: 'payload: name is required',
  sourceTopic: 'eu.catalog.product.v1',
  eventId: null,
};
const lag: SyncAlertPayload = { kind: 'lag', direction: 'cn-to-eu', from: 'cn', to: 'eu', detectedAt: stamp, lagMs: 95_000, thresholdMs: 60_000 };

const roundTrip = (payload: unknown, verb: 'dead_lettered' | 'lagging' = 'dead_lettered') =>
  parseEnvelope(JSON.stringify(syncAlertEvents.message(verb, { entityId: 'eu-to-cn', originRegion: 'cn', entityUpdatedAt: new Date(stamp), correlationId: 'c', payload: payload as SyncAlertPayload }).envelope));

it('a sync alert parses with its contract, on the topic of the region applied into', () => {
  expect(syncAlertEvents.name).toBe('sync.alert.v1');
  expect(syncAlertEvents.topic('cn')).toBe('cn.sync.alert.v1');
  expect(syncAlertEvents.topic('eu', 'p.')).toBe('p.eu.sync.alert.v1');
  expect(syncAlertEvents.parse(roundTrip(deadLetter)).payload).toEqual(deadLetter);
  expect(syncAlertEvents.parse(roundTrip(lag, 'lagging')).payload).toEqual(lag);
});

it('refuses an unknown kind, a malformed direction or dead-letter id, and a negative lag', () => {
  expect(() => syncAlertEvents.parse(roundTrip({ ...deadLetter, kind: 'panic' }))).toThrow(InvalidEventError);
  expect(() => syncAlertEvents.parse(roundTrip({ ...deadLetter, direction: 'eu->cn' }))).toThrow(/direction/);
  expect(() => syncAlertEvents.parse(roundTrip({ ...deadLetter, deadLetterId: 'x' }))).toThrow(/deadLetterId/);
  expect(() => syncAlertEvents.parse(roundTrip({ ...lag, lagMs: -1 }, 'lagging'))).toThrow(/lagMs/);
  expect(() => syncAlertEvents.parse(roundTrip({ ...lag, to: 'us' }, 'lagging'))).toThrow(/to/);
});
