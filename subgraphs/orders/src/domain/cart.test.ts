import { cartTotal, priceChanges, unavailableReason, type ProductFact } from './cart';

const tea: ProductFact = { id: 'p1', sku: 'TEA', name: 'Tea', priceAmount: 1299, currency: 'EUR', status: 'ACTIVE', manufacturerId: null, deletedAt: null };

it('sells only active, undeleted products it knows', () => {
  expect(unavailableReason(tea)).toBeNull();
  expect(unavailableReason(undefined)).toBe('UNKNOWN');
  expect(unavailableReason({ ...tea, status: 'ARCHIVED' })).toBe('ARCHIVED');
  expect(unavailableReason({ ...tea, status: 'DRAFT' })).toBe('NOT_FOR_SALE');
  expect(unavailableReason({ ...tea, deletedAt: new Date() })).toBe('DELETED');
});

it('finds the prices that moved since the shopper saw them, and totals at current prices', () => {
  const current = new Map([['p1', { ...tea, priceAmount: 1499 }]]);
  expect(priceChanges([{ productId: 'p1', quantity: 2, seenUnitPriceAmount: 1299 }], current)).toEqual([{ productId: 'p1', quantity: 2, previousAmount: 1299, amount: 1499 }]);
  expect(priceChanges([{ productId: 'p1', quantity: 2, seenUnitPriceAmount: 1499 }], current)).toEqual([]);
  expect(cartTotal([{ productId: 'p1', quantity: 2 }, { productId: 'gone', quantity: 1 }], current)).toBe(2998);
});
