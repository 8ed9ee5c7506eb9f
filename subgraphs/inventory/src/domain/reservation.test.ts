import { conflictMessage, finishDecision, refusalOf, shortagesOf } from './reservation';

describe('reservations', () => {
  it('moves stock only from ACTIVE, repeats a finished call as is, and refuses the other final state', () => {
    expect(finishDecision('ACTIVE', 'sell')).toBe('apply');
    expect(finishDecision('ACTIVE', 'release')).toBe('apply');
    expect(finishDecision('SOLD', 'sell')).toBe('unchanged');
    expect(finishDecision('RELEASED', 'release')).toBe('unchanged');
    expect(finishDecision('RELEASED', 'sell')).toBe('conflict');
    expect(finishDecision('SOLD', 'release')).toBe('conflict');
    expect(conflictMessage('RELEASED', 'sell')).toBe('the reservation is RELEASED: it cannot be sold');
  });

  it('names the lines short of stock, a product without stock as 0 available', () => {
    const a = 'AAAAAAAA-0000-4000-8000-000000000000';
    const b = 'bbbbbbbb-0000-4000-8000-000000000000';
    const c = 'cccccccc-0000-4000-8000-000000000000';
    const available = new Map([
      [a.toLowerCase(), 5],
      [b, 1],
    ]);
    expect(
      shortagesOf(
        [
          { productId: a, quantity: 5 },
          { productId: b, quantity: 2 },
          { productId: c, quantity: 1 },
        ],
        available,
      ),
    ).toEqual([
      { productId: b, requested: 2, available: 1 },
      { productId: c, requested: 1, available: 0 },
    ]);
  });

  it('answers a refusal with the short lines, or else with the lines that were not reserved', () => {
    const a = 'aaaaaaaa-0000-4000-8000-000000000000';
    const b = 'bbbbbbbb-0000-4000-8000-000000000000';
    const lines = [
      { productId: a, quantity: 2 },
      { productId: b, quantity: 3 },
    ];
    expect(refusalOf(lines, new Set([a]), new Map([[a, 5], [b, 1]]))).toEqual([{ productId: b, requested: 3, available: 1 }]);
    // Stock that looks sufficient still leaves the unreserved line named, never an empty refusal.
    expect(refusalOf(lines, new Set([a]), new Map([[a, 5], [b, 9]]))).toEqual([{ productId: b, requested: 3, available: 9 }]);
  });
});
