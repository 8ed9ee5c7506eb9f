import { InvalidEventError } from '../contract';
import { parseEnvelope } from '../envelope';
import { AUTH_REPLICATED_CONTRACTS, invitationEvents, loginCodeEvents, organizationEvents, userEvents, type OrganizationPayload, type UserPayload } from './auth';

const at = new Date('2026-11-21T10:00:00.000Z');
const ids = { user: '0b6f1f9e-7a53-4c1e-9d84-3f2a4c1b2e01', org: '5d0e3c8a-1b2f-4e6d-8a9c-7b1e2d3f4a05', event: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' };

/** Through JSON, as the relay publishes it and a consumer reads it. */
const overTheWire = (envelope: object) => parseEnvelope(JSON.stringify(envelope));

const user: UserPayload = {
  id: ids.user,
  email: 'ada@partner.dev',
  name: 'Ada',
  role: 'PARTNER',
  organizationId: ids.org,
  homeRegion: 'cn',
  originRegion: 'eu',
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
  deletedAt: null,
  lastEventId: ids.event,
};

const organization: OrganizationPayload = {
  id: ids.org,
  name: 'Berlin Goods',
  kind: 'PARTNER',
  originRegion: 'eu',
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
  deletedAt: null,
  lastEventId: ids.event,
};

const meta = { originRegion: 'eu' as const, entityUpdatedAt: at, correlationId: 'corr-123456' };

describe('auth event contracts', () => {
  it('names the topics and types of today', () => {
    expect(userEvents.topic('eu')).toBe('eu.auth.user.v1');
    expect(organizationEvents.topic('cn', 'test.')).toBe('test.cn.auth.organization.v1');
    expect(loginCodeEvents.topic('cn')).toBe('cn.auth.login_code.v1');
    expect(userEvents.type('deactivated')).toBe('auth.user.deactivated');
    expect(loginCodeEvents.type('issued')).toBe('auth.login_code.issued');
    expect(AUTH_REPLICATED_CONTRACTS.map((c) => c.name)).toEqual(['auth.user.v1', 'auth.organization.v1']);
  });

  it('parses the user snapshots the producer writes, every key kept', () => {
    for (const verb of userEvents.verbs) {
      const message = userEvents.message(verb, { ...meta, entityId: user.id, eventId: ids.event, payload: user });
      expect(message).toMatchObject({ topic: 'eu.auth.user.v1', key: user.id, type: `auth.user.${verb}`, eventId: ids.event });
      expect(userEvents.parse(overTheWire(message.envelope)).payload).toEqual(user);
    }
    const deactivated = { ...user, organizationId: null, role: 'CUSTOMER' as const, deletedAt: at.toISOString() };
    expect(userEvents.parse(overTheWire(userEvents.message('deactivated', { ...meta, entityId: user.id, payload: deactivated }).envelope)).payload).toEqual(deactivated);
  });

  it('parses the organization snapshots the producer writes', () => {
    const message = organizationEvents.message('created', { ...meta, entityId: organization.id, eventId: ids.event, payload: organization });
    expect(message).toMatchObject({ topic: 'eu.auth.organization.v1', type: 'auth.organization.created' });
    expect(message.envelope.entity).toBe('Organization');
    expect(organizationEvents.parse(overTheWire(message.envelope)).payload).toEqual(organization);
  });

  it('parses the login codes the producer writes', () => {
    const payload = { userId: ids.user, email: 'ada@partner.dev', name: 'Ada', sealedCode: 'iv.tag.body', expiresAt: at.toISOString() };
    const message = loginCodeEvents.message('issued', { ...meta, originRegion: 'cn', entityId: ids.user, payload });
    expect(message).toMatchObject({ topic: 'cn.auth.login_code.v1', key: ids.user, type: 'auth.login_code.issued' });
    expect(loginCodeEvents.parse(overTheWire(message.envelope)).payload).toEqual(payload);
  });

  it('reads snapshots without a tie-break id and drops unknown keys (forward compatible)', () => {
    const { lastEventId: _omitted, ...withoutTieBreak } = user;
    const envelope = userEvents.message('updated', { ...meta, entityId: user.id, payload: withoutTieBreak }).envelope;
    expect(userEvents.parse(overTheWire({ ...envelope, payload: { ...withoutTieBreak, futureColumn: 1 } })).payload).toEqual(withoutTieBreak);
  });

  it.each([
    ['an unknown type', (e: Record<string, unknown>) => ({ ...e, type: 'auth.user.exploded' }), 'not an event type'],
    ['another entity', (e: Record<string, unknown>) => ({ ...e, entity: 'Organization' }), 'entity'],
    ['a role that does not exist', (e: Record<string, unknown>) => ({ ...e, payload: { ...user, role: 'ROOT' } }), 'role'],
    ['a missing email', (e: Record<string, unknown>) => ({ ...e, payload: { ...user, email: undefined } }), 'email'],
    ['a malformed date', (e: Record<string, unknown>) => ({ ...e, payload: { ...user, updatedAt: 'yesterday' } }), 'updatedAt'],
    ['an unknown region', (e: Record<string, unknown>) => ({ ...e, payload: { ...user, homeRegion: 'us' } }), 'homeRegion'],
  ])('rejects %s with the reason', (_name, change, reason) => {
    const envelope = change(userEvents.message('updated', { ...meta, entityId: user.id, payload: user }).envelope as unknown as Record<string, unknown>);
    const parse = () => userEvents.parse(overTheWire(envelope));
    expect(parse).toThrow(InvalidEventError);
    expect(parse).toThrow(reason);
  });

  it('rejects a login code without its sealed code', () => {
    const payload = { userId: ids.user, email: 'a@b.dev', name: 'A', sealedCode: 'x', expiresAt: at.toISOString() };
    const envelope = loginCodeEvents.message('issued', { ...meta, entityId: ids.user, payload }).envelope;
    expect(() => loginCodeEvents.parse(overTheWire({ ...envelope, payload: { ...payload, sealedCode: undefined } }))).toThrow(/sealedCode/);
  });

  it('parses the invitations the producer writes, and refuses an unknown locale', () => {
    const payload = {
      invitationId: ids.event,
      userId: ids.user,
      email: 'ada@partner.dev',
      name: 'Ada',
      locale: 'zh-CN' as const,
      role: 'PARTNER' as const,
      organizationId: ids.org,
      organizationName: 'Berlin Goods',
      invitedByName: null,
      expiresAt: at.toISOString(),
    };
    const message = invitationEvents.message('sent', { ...meta, entityId: ids.event, payload });
    expect(message).toMatchObject({ topic: 'eu.auth.invitation.v1', key: ids.event, type: 'auth.invitation.sent' });
    expect(invitationEvents.parse(overTheWire(message.envelope)).payload).toEqual(payload);
    expect(() => invitationEvents.parse(overTheWire({ ...message.envelope, payload: { ...payload, locale: 'fr' } }))).toThrow(/locale/);
  });

  it('carries locale and phone on user snapshots, and reads snapshots written before them', () => {
    const withContact = { ...user, locale: 'zh-CN' as const, phone: '+8613800138000' };
    const message = userEvents.message('updated', { ...meta, entityId: user.id, payload: withContact });
    expect(userEvents.parse(overTheWire(message.envelope)).payload).toEqual(withContact);
    expect(userEvents.parse(overTheWire(userEvents.message('updated', { ...meta, entityId: user.id, payload: user }).envelope)).payload.locale).toBeUndefined();
  });
});
