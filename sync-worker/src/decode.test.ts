import { randomUUID } from 'node:crypto';
import { userEvents, type EventEnvelope } from '@miw/contracts';
import type { IncomingMessage } from '@miw/events';
import { decodeMessage, isPoison, type DecodeRules } from './decode';
import { syncRoutes } from './routes';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const rules: DecodeRules = { routes: new Map(syncRoutes('cn', 'eu').map((r) => [r.topic, r])), from: 'cn', now: () => NOW, maxClockSkewMs: 60_000 };
const TOPIC = 'cn.auth.user.v1';

function user(changes: Record<string, unknown> = {}, at = NOW): EventEnvelope {
  const id = randomUUID();
  const stamp = at.toISOString();
  const payload = { id, email: 'a@example.com', name: 'A', role: 'CUSTOMER' as const, organizationId: null, homeRegion: 'cn' as const, originRegion: 'cn' as const, createdAt: stamp, updatedAt: stamp, deletedAt: null };
  const { envelope } = userEvents.message('updated', { entityId: id, originRegion: 'cn', entityUpdatedAt: at, correlationId: 'c', payload });
  return { ...envelope, payload: { ...payload, ...changes } };
}

const message = (value: unknown, topic = TOPIC): IncomingMessage => ({ topic, partition: 0, offset: '7', key: null, value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), headers: {} });

describe('decodeMessage', () => {
  it('decodes a valid event into its route and statement parameters', () => {
    const event = user();
    const d = decodeMessage(message(event), rules);
    expect(isPoison(d)).toBe(false);
    expect(d).toMatchObject({ event: { eventId: event.eventId }, route: { topic: TOPIC } });
    // the User columns, then the tie-break id
    expect(d).toHaveProperty('params', expect.arrayContaining([event.entityId, 'a@example.com', event.eventId]));
  });

  it('refuses what is not an envelope', () => {
    expect(decodeMessage(message('not json'), rules)).toMatchObject({ reason: 'INVALID_ENVELOPE', eventId: null, error: expect.stringMatching(/not JSON/) });
  });

  it('refuses an event its topic contract does not accept, with the reason', () => {
    const badRole = user({ role: 'WIZARD' });
    expect(decodeMessage(message(badRole), rules)).toMatchObject({ reason: 'INVALID_EVENT', eventId: badRole.eventId, error: expect.stringMatching(/role/) });
    const smuggled = { ...user(), entity: 'LoginCode', type: 'auth.login_code.issued' };
    expect(decodeMessage(message(smuggled), rules)).toMatchObject({ reason: 'INVALID_EVENT' });
  });

  it('refuses other origins, unknown topics and far-future stamps', () => {
    expect(decodeMessage(message({ ...user(), originRegion: 'eu' }), rules)).toMatchObject({ reason: 'INVALID_EVENT', error: 'origin eu is not cn' });
    expect(decodeMessage(message(user(), 'cn.orders.order.v1'), rules)).toMatchObject({ reason: 'INVALID_EVENT', error: expect.stringMatching(/no route/) });
    const future = user({}, new Date(NOW.getTime() + 3_600_000));
    expect(decodeMessage(message(future), rules)).toMatchObject({ reason: 'FUTURE_TIMESTAMP', eventId: future.eventId });
  });
});
