/**
 * Cart rules, pure: the limits of a cart, which catalog products may be bought, and what the
 * shopper must confirm before checkout (prices that moved since the cart was last shown).
 */
export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

/** What a cart needs to know of a catalog product (the orders projection of it). */
export interface ProductFact {
  id: string;
  sku: string;
  name: string;
  priceAmount: number;
  currency: string;
  status: string;
  manufacturerId: string | null;
  deletedAt: Date | null;
}

/** Why a product cannot be bought, or null when it can. */
export function unavailableReason(product: ProductFact | null | undefined): 'UNKNOWN' | 'DELETED' | 'ARCHIVED' | 'NOT_FOR_SALE' | null {
  if (!product) return 'UNKNOWN';
  if (product.deletedAt) return 'DELETED';
  if (product.status === 'ARCHIVED') return 'ARCHIVED';
  if (product.status !== 'ACTIVE') return 'NOT_FOR_SALE';
  return null;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  seenUnitPriceAmount: number;
}

export interface PriceChange {
  productId: string;
  quantity: number;
  previousAmount: number;
  amount: number;
}

/** The lines whose current price differs from the one the shopper last saw. */
export function priceChanges(lines: readonly PricedLine[], current: ReadonlyMap<string, ProductFact>): PriceChange[] {
  const changes: PriceChange[] = [];
  for (const line of lines) {
    const product = current.get(line.productId);
    if (product && product.priceAmount !== line.seenUnitPriceAmount) {
      changes.push({ productId: line.productId, quantity: line.quantity, previousAmount: line.seenUnitPriceAmount, amount: product.priceAmount });
    }
  }
  return changes;
}

/** The total of lines at current prices (products unknown here count for nothing). */
export function cartTotal(lines: readonly { productId: string; quantity: number }[], current: ReadonlyMap<string, ProductFact>): number {
  return lines.reduce((sum, line) => sum + (current.get(line.productId)?.priceAmount ?? 0) * line.quantity, 0);
}
