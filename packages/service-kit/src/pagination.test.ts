import { GraphQLError } from 'graphql';
import { afterTimeCursor, decodeCursor, encodeCursor, pageSize, timeCursor, toConnection } from './pagination';


describe('cursor pagination', () => {
  it('round-trips cursors of its own kind', () => {
    const c = encodeCursor('product', ['2026-01-01T00:00:00.000Z', 'abc']);
    expect(decodeCursor('product', c, 2)).toEqual(['2026-01-01T00:00:00.000Z', 'abc']);
  });

  it.each(['garbage', encodeCursor('order', ['x', 'y']), encodeCursor('product', ['x']), 'x'.repeat(600)])('rejects cursor %#', (c) => {
    expect(() => decodeCursor('product', c, 2)).toThrow(GraphQLError);
    try {
      decodeCursor('product', c, 2);
    } catch (e) {
      expect((e as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('caps the page size', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow('between 0 and 100');
    expect(() => pageSize(-1)).toThrow(GraphQLError);
  });

  it('detects the next page from one extra row', () => {
    const conn = toConnection([1, 2, 3], 2, String, false);
    expect(conn.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(conn.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: '1', endCursor: '2' });
  });
});

describe('timeCursor', () => {
  const products = timeCursor('product');
  const row = { createdAt: new Date('2026-01-01T00:00:00.000Z'), id: '9d000000-0000-4000-8000-000000000001' };

  it('round-trips a (createdAt, id) position', () => {
    expect(products.decode(products.encode(row))).toEqual(row);
    expect(products.decode(null)).toBeUndefined();
  });

  it.each([encodeCursor('product', ['not a date', row.id]), encodeCursor('product', [row.createdAt.toISOString(), 'x']), timeCursor('order').encode(row)])('rejects cursor %#', (c) => {
    expect(() => products.decode(c)).toThrow(GraphQLError);
  });
});

describe('afterTimeCursor', () => {
  const at = { createdAt: new Date('2026-11-22T00:00:00.000Z'), id: '0a000000-0000-4000-8000-000000000001' };
  it('continues after the cursor in either order, the id breaking ties of createdAt', () => {
    expect(afterTimeCursor(at, 'asc')).toEqual({ OR: [{ createdAt: { gt: at.createdAt } }, { createdAt: at.createdAt, id: { gt: at.id } }] });
    expect(afterTimeCursor(at, 'desc')).toEqual({ OR: [{ createdAt: { lt: at.createdAt } }, { createdAt: at.createdAt, id: { lt: at.id } }] });
  });
});
