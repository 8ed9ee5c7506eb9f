import { loginCodeEvents, organizationEvents, parseEnvelope, userEvents } from '@miw/contracts';
import type { Organization, User } from '../data/db';
import { loginCodeEvent, organizationEvent, userEvent } from './auth-events';

const at = new Date('2026-11-21T10:00:00.000Z');
const later = new Date('2026-11-21T10:05:00.000Z');
const origin = { region: 'cn' as const, correlationId: 'corr-123456' };
const ids = { user: '0b6f1f9e-7a53-4c1e-9d84-3f2a4c1b2e01', org: '5d0e3c8a-1b2f-4e6d-8a9c-7b1e2d3f4a05', event: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' };

const user: User = {
  id: ids.user,
  email: 'ada@partner.dev',
  name: 'Ada',
  role: 'PARTNER',
  organizationId: ids.org,
  homeRegion: 'eu',
  locale: 'zh-CN',
  phone: '+8613800138000',
  originRegion: 'cn',
  createdAt: at,
  updatedAt: later,
  deletedAt: null,
  lastEventId: ids.event,
};
const organization: Organization = { id: ids.org, name: 'Berlin Goods', kind: 'PARTNER', originRegion: 'eu', createdAt: at, updatedAt: later, deletedAt: at, lastEventId: ids.event };

/** What a consumer reads: the envelope through JSON, checked by its contract. */
const wire = (envelope: object) => parseEnvelope(JSON.stringify(envelope));
/** The snapshot payload of before the contracts: every column of the row, Dates as ISO strings. */
const rowSnapshot = (row: object) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

describe('auth outbox messages', () => {
  it('writes user snapshots that parse, with the keys of every column and the write id as event id', () => {
    const message = userEvent('updated', user, origin);
    expect(message).toMatchObject({ topic: 'cn.auth.user.v1', key: ids.user, type: 'auth.user.updated', eventId: ids.event });
    expect(message.envelope).toMatchObject({ entity: 'User', originRegion: 'cn', entityUpdatedAt: later.toISOString(), correlationId: 'corr-123456' });
    expect(message.envelope.payload).toEqual(rowSnapshot(user));
    expect(Object.keys(message.envelope.payload as object)).toEqual(Object.keys(user));
    expect(userEvents.parse(wire(message.envelope)).payload).toEqual(rowSnapshot(user));
  });

  it('writes organization snapshots that parse', () => {
    const message = organizationEvent('created', organization, origin);
    expect(message).toMatchObject({ topic: 'cn.auth.organization.v1', type: 'auth.organization.created', eventId: ids.event });
    expect(message.envelope.payload).toEqual(rowSnapshot(organization));
    expect(organizationEvents.parse(wire(message.envelope)).payload).toEqual(rowSnapshot(organization));
  });

  it('gives a row without a tie-break id a fresh event id', () => {
    const message = userEvent('created', { ...user, lastEventId: null }, origin);
    expect(message.eventId).not.toBe(ids.event);
    expect(userEvents.parse(wire(message.envelope)).payload.lastEventId).toBeNull();
  });

  it('writes login codes that parse, sealed', () => {
    const message = loginCodeEvent(user, { sealedCode: 'iv.tag.body', expiresAt: later, issuedAt: at }, origin);
    expect(message).toMatchObject({ topic: 'cn.auth.login_code.v1', key: ids.user, type: 'auth.login_code.issued' });
    expect(loginCodeEvents.parse(wire(message.envelope)).payload).toEqual({ userId: ids.user, email: 'ada@partner.dev', name: 'Ada', sealedCode: 'iv.tag.body', expiresAt: later.toISOString() });
  });
});
