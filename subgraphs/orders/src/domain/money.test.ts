import { inOrderCurrency, orderTotal, unitPrice } from './money';

describe('order money', () => {
  it('reads totals and unit prices in the order currency', () => {
    const order = { totalAmount: 3998, currency: 'CNY' };
    expect(orderTotal(order)).toEqual({ amount: 3998, currency: 'CNY' });
    const lines = inOrderCurrency(order, [{ sku: 'TEA-1', unitPriceAmount: 1999 }]);
    expect(lines).toEqual([{ sku: 'TEA-1', unitPriceAmount: 1999, currency: 'CNY' }]);
    expect(unitPrice(lines[0]!)).toEqual({ amount: 1999, currency: 'CNY' });
  });
});
