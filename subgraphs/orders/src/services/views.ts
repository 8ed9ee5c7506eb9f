/** Derived views of carts and payments the resolvers show (pure shaping over loaded rows). */
import type { OrdersContext } from '../context';
import type { Cart } from '../data/db';
import { unavailableReason } from '../domain/cart';
import type { CartLine } from '../mappers';
import type { PaymentProvider as PaymentProviderName } from '../schema.generated';
import type { PaymentProviderCode } from '../payments';
import { cartLines } from './carts';

const NAMES: Record<PaymentProviderCode, PaymentProviderName> = { manual: 'MANUAL', 'test-card': 'TEST_CARD', stripe: 'STRIPE' };
const CODES = Object.fromEntries(Object.entries(NAMES).map(([code, name]) => [name, code])) as Record<PaymentProviderName, PaymentProviderCode>;

/** The schema's name of a stored provider code. */
export const providerName = (code: string): PaymentProviderName => NAMES[code as PaymentProviderCode] ?? 'MANUAL';
/** The stored code of a schema provider name. */
export const providerCode = (name: PaymentProviderName): PaymentProviderCode => CODES[name];

export const lineTotal = (l: CartLine) => (l.product ? { amount: l.product.priceAmount * l.quantity, currency: l.product.currency } : null);

/** Why a cart line blocks checkout; null when it can be bought. */
export const lineUnavailableReason = (l: CartLine) => unavailableReason(l.product);

/** Count, total and whether checkout is blocked (the lines are loaded once per cart and request). */
export async function cartSummary(ctx: OrdersContext, cart: Cart) {
  const lines = await cartLines(ctx, cart);
  const priced = lines.filter((l) => l.product);
  return {
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    total: priced.length ? { amount: priced.reduce((sum, l) => sum + l.product!.priceAmount * l.quantity, 0), currency: cart.currency ?? priced[0]!.product!.currency } : null,
    blocked: lines.some((l) => unavailableReason(l.product) !== null),
  };
}
