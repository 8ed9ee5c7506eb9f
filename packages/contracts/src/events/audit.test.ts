import { parseEnvelope } from '../envelope';
import { InvalidEventError } from '../contract';
import { adminAuditMessages, AUDIT_CONTRACTS, catalogAuditEvents, inventoryAuditEvents, ordersAuditEvents, type AuditPayload } from './audit';
import { CATALOG_CONTRACTS } from './catalog';

const admin = { userId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', role: 'ADMIN', apiKeyId: '9e8d7c6b-5a49-4382-9716-05f4e3d2c1b0' };
const source = { viewer: admin, region: 'eu' as const, correlationId: 'corr-1' };
const change = { action: 'product.update', targetType: 'Product', targetId: '2b1f4a52-9a57-4c1e-8f0e-1f5d8b6c7a10', before: { name: 'Hammer', priceAmount: 1999 }, after: { name: 'Claw hammer', priceAmount: 2499 } };
const at = new Date('2026-12-06T10:00:00.000Z');

const envelopeOf = (payload: unknown) => {
  const [message] = adminAuditMessages(catalogAuditEvents, source, change, at);
  return parseEnvelope(JSON.stringify({ ...message!.envelope, payload }));
};

it('an admin action becomes one audit message on the region-local topic of its domain, keyed by the entry', () => {
  const messages = adminAuditMessages(ordersAuditEvents, source, { ...change, action: 'order.cancel', targetType: 'Order' }, at);
  expect(messages).toHaveLength(1);
  const message = messages[0]!;
  expect(message.topic).toBe('eu.orders.audit.v1');
  expect(message.type).toBe('orders.audit.recorded');
  // The key is the entry's own id, not the target's.
  expect(message.key).toBe(message.envelope.entityId);
  expect(message.key).not.toBe(change.targetId);
  const parsed = ordersAuditEvents.parse(parseEnvelope(JSON.stringify(message.envelope)));
  expect(parsed.payload).toEqual<AuditPayload>({
    actorId: admin.userId,
    apiKeyId: admin.apiKeyId,
    actorRole: 'ADMIN',
    action: 'order.cancel',
    targetType: 'Order',
    targetId: change.targetId,
    before: change.before,
    after: change.after,
    at: at.toISOString(),
  });
  expect(parsed.correlationId).toBe('corr-1');
  expect(inventoryAuditEvents.topic('cn', 'p-')).toBe('p-cn.inventory.audit.v1');
});

it('audits admins only', () => {
  for (const role of ['PARTNER', 'MANUFACTURER', 'LOGISTICS', 'CUSTOMER']) expect(adminAuditMessages(catalogAuditEvents, { ...source, viewer: { ...admin, role } }, change)).toEqual([]);
  expect(adminAuditMessages(catalogAuditEvents, { ...source, viewer: null }, change)).toEqual([]);
});

it('refuses a malformed payload, and an audit event read with another domain\'s contract', () => {
  const [message] = adminAuditMessages(catalogAuditEvents, source, change, at);
  const good = message!.envelope.payload as AuditPayload;
  expect(catalogAuditEvents.parse(envelopeOf(good)).payload).toEqual(good);
  expect(() => catalogAuditEvents.parse(envelopeOf({ ...good, action: 'DROP TABLE' }))).toThrow(InvalidEventError);
  expect(() => catalogAuditEvents.parse(envelopeOf({ ...good, actorId: 'nobody' }))).toThrow(InvalidEventError);
  expect(() => catalogAuditEvents.parse(envelopeOf({ ...good, before: 'text' }))).toThrow(InvalidEventError);
  expect(() => catalogAuditEvents.parse(envelopeOf({ ...good, after: { blob: 'x'.repeat(20_000) } }))).toThrow(InvalidEventError);
  const { at: _dropped, ...withoutAt } = good;
  expect(() => catalogAuditEvents.parse(envelopeOf(withoutAt))).toThrow(InvalidEventError);
  expect(() => ordersAuditEvents.parse(envelopeOf(good))).toThrow(InvalidEventError);
});

it('is never mirrored: no audit contract is among the replicated catalog contracts', () => {
  const replicated = new Set<string>(CATALOG_CONTRACTS.map((c) => c.name));
  expect(AUDIT_CONTRACTS.map((c) => c.name)).toEqual(['catalog.audit.v1', 'inventory.audit.v1', 'orders.audit.v1']);
  for (const contract of AUDIT_CONTRACTS) expect(replicated.has(contract.name)).toBe(false);
});
