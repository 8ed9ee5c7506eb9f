import { createEnvelope, InvalidEnvelopeError, parseEnvelope } from './envelope';
import { topicName } from './topics';

const sample = () =>
  createEnvelope({
    type: 'catalog.product.created',
    entity: 'Product',
    entityId: 'p1',
    originRegion: 'eu',
    entityUpdatedAt: new Date('2026-01-01T00:00:00Z'),
    correlationId: 'corr-123456',
    payload: { id: 'p1', sku: 'SKU-1' },
  });

describe('event envelope', () => {
  it('round-trips through JSON', () => {
    const e = sample();
    expect(parseEnvelope(Buffer.from(JSON.stringify(e)))).toEqual(e);
    expect(e.version).toBe(1);
    expect(e.entityUpdatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([
    ['null', null, 'empty'],
    ['not JSON', '{oops', 'not JSON'],
    ['an array', '[]', 'not an object'],
    ['missing fields', JSON.stringify({ eventId: 'x' }), 'invalid fields'],
    ['unknown region', JSON.stringify({ ...sample(), originRegion: 'us' }), 'originRegion'],
  ])('rejects %s', (_name, raw, reason) => {
    expect(() => parseEnvelope(raw as string | null)).toThrow(InvalidEnvelopeError);
    expect(() => parseEnvelope(raw as string | null)).toThrow(reason);
  });

  it('names topics <prefix><region>.<domain>.<entity>.v1', () => {
    expect(topicName('eu', 'catalog', 'Product')).toBe('eu.catalog.product.v1');
    expect(topicName('cn', 'auth', 'User', 'test.r1.')).toBe('test.r1.cn.auth.user.v1');
  });
});
