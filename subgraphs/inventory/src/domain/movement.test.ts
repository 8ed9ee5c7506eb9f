import { crossedIntoLowStock, effectOf, inLockOrder, invalidDelta, isLowStock, saleOfReserved, thresholdCrossedIntoLowStock } from './movement';

describe('stock movements', () => {
  it('checks the sign of the delta against the reason', () => {
    expect(invalidDelta('RECEIVED', 5)).toBeNull();
    expect(invalidDelta('RECEIVED', -5)).toMatch(/positive/);
    expect(invalidDelta('SOLD', 2)).toMatch(/negative/);
    expect(invalidDelta('DAMAGED', -1)).toBeNull();
    expect(invalidDelta('ADJUSTED', -3)).toBeNull();
    expect(invalidDelta('ADJUSTED', 3)).toBeNull();
    expect(invalidDelta('ADJUSTED', 0)).toMatch(/non-zero/);
    expect(invalidDelta('ADJUSTED', 1.5)).toMatch(/integer/);
    expect(invalidDelta('ADJUSTED', 10_000_000)).toMatch(/between/);
    expect(invalidDelta('RELEASED', 1)).toMatch(/negative/);
  });

  it('moves reserved for reservations and onHand otherwise', () => {
    expect(effectOf('RESERVED', 2)).toEqual({ onHand: 0, reserved: 2 });
    expect(effectOf('RELEASED', -2)).toEqual({ onHand: 0, reserved: -2 });
    expect(effectOf('SOLD', -1)).toEqual({ onHand: -1, reserved: 0 });
  });

  it('sells reserved units from the shelf and the promise at once, leaving availability unchanged', () => {
    expect(saleOfReserved(3)).toEqual({ onHand: -3, reserved: -3 });
    expect(crossedIntoLowStock({ onHand: 2, reserved: 0, lowStockThreshold: 2 }, saleOfReserved(3))).toBe(false);
  });

  it('orders lines by product id as PostgreSQL orders uuids, whatever their case', () => {
    const lines = [{ productId: 'B0000000-0000-4000-8000-000000000000' }, { productId: 'a0000000-0000-4000-8000-000000000000' }, { productId: '10000000-0000-4000-8000-000000000000' }];
    expect(inLockOrder(lines).map((l) => l.productId[0])).toEqual(['1', 'a', 'B']);
    expect(lines[0]!.productId[0]).toBe('B');
  });

  it('reports a crossing into low stock once', () => {
    const level = (onHand: number, reserved = 0) => ({ onHand, reserved, lowStockThreshold: 5 });
    expect(isLowStock(level(5))).toBe(true);
    expect(isLowStock(level(6))).toBe(false);
    expect(crossedIntoLowStock(level(5), { onHand: -1, reserved: 0 })).toBe(true);
    expect(crossedIntoLowStock(level(4), { onHand: -1, reserved: 0 })).toBe(false);
    expect(crossedIntoLowStock(level(10, 5), { onHand: 0, reserved: 5 })).toBe(true);
    expect(crossedIntoLowStock(level(9), { onHand: 5, reserved: 0 })).toBe(false);
  });

  it('reports a threshold raised above the available stock as a crossing', () => {
    expect(thresholdCrossedIntoLowStock({ onHand: 8, reserved: 0, lowStockThreshold: 10 }, 5)).toBe(true);
    expect(thresholdCrossedIntoLowStock({ onHand: 8, reserved: 0, lowStockThreshold: 10 }, 9)).toBe(false);
    expect(thresholdCrossedIntoLowStock({ onHand: 8, reserved: 0, lowStockThreshold: 2 }, 10)).toBe(false);
  });
});
