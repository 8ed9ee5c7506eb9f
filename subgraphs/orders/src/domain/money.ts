/** Money of orders, pure: amounts are stored in minor units beside their order's currency. */

export interface Money {
  amount: number;
  currency: string;
}

/** An order's total, as the schema's Money. */
export const orderTotal = (order: { totalAmount: number; currency: string }): Money => ({ amount: order.totalAmount, currency: order.currency });

/** Order lines carry no currency of their own: they are priced in their order's currency. */
export const inOrderCurrency = <L extends object>(order: { currency: string }, lines: readonly L[]): (L & { currency: string })[] =>
  lines.map((line) => ({ ...line, currency: order.currency }));

/** A line's unit price, in the currency the line was priced in. */
export const unitPrice = (line: { unitPriceAmount: number; currency: string }): Money => ({ amount: line.unitPriceAmount, currency: line.currency });
