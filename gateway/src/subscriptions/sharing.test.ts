import { parse } from 'graphql';
import { groupKey, stable } from './sharing';

describe('stable', () => {
  it('writes equal values as equal text, whatever the key order, without undefined members', () => {
    expect(stable({ b: 1, a: [1, { d: null, c: 'x' }], u: undefined })).toBe(stable({ a: [1, { c: 'x', d: null }], b: 1 }));
    expect(stable({ a: [1, 2] })).not.toBe(stable({ a: [2, 1] }));
    expect([stable(null), stable(undefined), stable('s'), stable(3)]).toEqual(['null', 'null', '"s"', '3']);
  });
});

describe('groupKey', () => {
  const base = {
    upstreamOperation: 'subscription { x }',
    document: parse('subscription S($id: ID!) { x(id: $id) }'),
    operationName: 'S',
    variables: { id: '1', more: { b: 2, a: 1 } },
    viewer: { kind: 'user' as const, userId: 'u1', role: 'ADMIN' as const, organizationId: null, region: 'eu' as const, scopes: [] },
  };

  it('is the same for the same operation, variables and viewer', () => {
    expect(groupKey(base)).toBe(groupKey({ ...base, document: parse('subscription S($id: ID!) {  x(id: $id)  }'), variables: { more: { a: 1, b: 2 }, id: '1' } }));
  });

  it('differs when the variables, the operation name or the viewer differ (sharing never widens access)', () => {
    const key = groupKey(base);
    expect(groupKey({ ...base, variables: { ...base.variables, id: '2' } })).not.toBe(key);
    expect(groupKey({ ...base, operationName: null })).not.toBe(key);
    expect(groupKey({ ...base, viewer: { ...base.viewer, userId: 'u2' } })).not.toBe(key);
    expect(groupKey({ ...base, viewer: { ...base.viewer, role: 'CUSTOMER' } })).not.toBe(key);
    expect(groupKey({ ...base, viewer: null })).not.toBe(key);
  });
});
