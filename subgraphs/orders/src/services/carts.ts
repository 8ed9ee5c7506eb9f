/**
 * Carts: one open cart per shopper and store, in the region of the store. Lines show the current
 * catalog price (orders' projection of the catalog); the price a shopper was shown is remembered
 * per line, so checkout can refuse a price that moved since with PRICE_CHANGED.
 */
import { FieldChecker } from '@miw/service-kit';
import type { OrdersContext } from '../context';
import { cartItemsOf, deleteCartItems, findOpenCart, findOpenCartsOfUser, lockCart, lockOpenCart, putCartItem, rememberSeenPrices, touchCart } from '../data/carts';
import { transaction, type Cart, type CartItem, type OrdersTx } from '../data/db';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, unavailableReason } from '../domain/cart';
import { fail, OrderFailure } from '../domain/failure';
import type { CartLine } from '../mappers';
import type { OrderErrorCode } from '../schema.generated';
import { notFound, requireUser, storeOfRegion } from './access';

/** Lines already read in this request (several fields of one cart share them). */
const linesOfRequest = new WeakMap<OrdersContext['loaders'], Map<string, Promise<CartLine[]>>>();

/** The lines of a cart with their products, once per request; remembers the prices shown when they moved. */
export function cartLines(ctx: OrdersContext, cart: Cart): Promise<CartLine[]> {
  let byCart = linesOfRequest.get(ctx.loaders);
  if (!byCart) linesOfRequest.set(ctx.loaders, (byCart = new Map()));
  let lines = byCart.get(cart.id);
  if (!lines) byCart.set(cart.id, (lines = readCartLines(ctx, cart)));
  return lines;
}

async function readCartLines(ctx: OrdersContext, cart: Cart): Promise<CartLine[]> {
  const items = await ctx.loaders.cartItems.load(cart.id);
  const products = await ctx.loaders.product.loadMany(items.map((i) => i.productId));
  const lines = items.map((item, i) => {
    const product = products[i];
    return { cartId: cart.id, storeId: cart.storeId, productId: item.productId, quantity: item.quantity, product: product && !(product instanceof Error) ? product : null };
  });
  const moved = cart.status === 'OPEN' ? lines.flatMap((line, i) => (line.product && line.product.priceAmount !== items[i]!.seenUnitPriceAmount ? [{ productId: line.productId, amount: line.product.priceAmount }] : [])) : [];
  if (moved.length) await rememberSeenPrices(ctx.db, cart.id, moved);
  return lines;
}

/** A cart of the viewer's (null for anyone else's: carts are private to their shopper). */
export async function findCart(ctx: OrdersContext, id: string): Promise<Cart | null> {
  const cart = await ctx.loaders.cart.load(id);
  return cart && ctx.viewer?.userId === cart.userId ? cart : null;
}

/** The viewer's open cart in a store of this region; null when there is none. */
export async function myCart(ctx: OrdersContext, storeId: string): Promise<Cart | null> {
  const viewer = requireUser(ctx.viewer);
  await storeOfRegion(ctx, storeId, 'storeId');
  return findOpenCart(ctx.db, viewer.userId, storeId);
}

export async function myCarts(ctx: OrdersContext): Promise<Cart[]> {
  return findOpenCartsOfUser(ctx.db, requireUser(ctx.viewer).userId);
}

function checkQuantity(quantity: number): void {
  const checker = new FieldChecker<OrderErrorCode>('INVALID');
  checker.integer('quantity', quantity, 1, MAX_LINE_QUANTITY);
  if (!checker.ok) throw new OrderFailure(checker.errors);
}

/** A product that may be bought, priced; PRODUCT_UNAVAILABLE otherwise. */
async function productForSale(ctx: OrdersContext, productId: string) {
  const product = await ctx.loaders.product.load(productId);
  const reason = unavailableReason(product);
  if (reason || !product) return fail('PRODUCT_UNAVAILABLE', 'input.productId', `This product cannot be bought (${reason ?? 'UNKNOWN'})`);
  return product;
}

/** Adds units of a product to the viewer's open cart in the store (creating the cart). */
export async function addToCart(ctx: OrdersContext, input: { storeId: string; productId: string; quantity: number }): Promise<{ cart: Cart }> {
  const viewer = requireUser(ctx.viewer);
  checkQuantity(input.quantity);
  await storeOfRegion(ctx, input.storeId, 'input.storeId');
  const product = await productForSale(ctx, input.productId);
  const cart = await transaction(ctx.db, async (tx) => {
    const open = await lockOpenCart(tx, viewer.userId, input.storeId);
    const items = await cartItemsOf(tx, open.id);
    const existing = items.find((i) => i.productId === input.productId);
    const quantity = (existing?.quantity ?? 0) + input.quantity;
    if (quantity > MAX_LINE_QUANTITY) fail('INVALID', 'input.quantity', `A line holds at most ${MAX_LINE_QUANTITY} units (this one would hold ${quantity})`);
    if (!existing && items.length >= MAX_CART_LINES) fail('CART_FULL', 'input.productId', `A cart holds at most ${MAX_CART_LINES} lines`);
    if (open.currency && open.currency !== product.currency) fail('CURRENCY_MISMATCH', 'input.productId', `This cart is in ${open.currency}; the product is priced in ${product.currency}`);
    await putCartItem(tx, { cartId: open.id, productId: input.productId, quantity, seenUnitPriceAmount: product.priceAmount });
    return touchCart(tx, open.id, product.currency);
  });
  return { cart };
}

/** Runs `change` on the viewer's OPEN cart, locked; NOT_FOUND for another's cart. */
async function changeCart(ctx: OrdersContext, cartId: string, change: (tx: OrdersTx, items: CartItem[]) => Promise<void>): Promise<{ cart: Cart }> {
  const viewer = requireUser(ctx.viewer);
  const cart = await transaction(ctx.db, async (tx) => {
    const cart = await lockCart(tx, cartId);
    if (!cart || cart.userId !== viewer.userId) throw notFound('cart', 'input.cartId');
    if (cart.status !== 'OPEN') fail('CART_CLOSED', 'input.cartId', `This cart is ${cart.status}`);
    await change(tx, await cartItemsOf(tx, cart.id));
    const left = await cartItemsOf(tx, cart.id);
    return touchCart(tx, cart.id, left.length ? cart.currency : null);
  });
  return { cart };
}

/** The line of `productId`, or NOT_FOUND. */
function lineOf(items: CartItem[], productId: string): CartItem {
  const line = items.find((i) => i.productId === productId);
  if (!line) throw notFound('cart line', 'input.productId');
  return line;
}

export async function updateCartItem(ctx: OrdersContext, input: { cartId: string; productId: string; quantity: number }): Promise<{ cart: Cart }> {
  checkQuantity(input.quantity);
  const product = await ctx.loaders.product.load(input.productId);
  return changeCart(ctx, input.cartId, async (tx, items) => {
    const line = lineOf(items, input.productId);
    await putCartItem(tx, { cartId: input.cartId, productId: input.productId, quantity: input.quantity, seenUnitPriceAmount: product?.priceAmount ?? line.seenUnitPriceAmount });
  });
}

export async function removeFromCart(ctx: OrdersContext, input: { cartId: string; productId: string }): Promise<{ cart: Cart }> {
  return changeCart(ctx, input.cartId, async (tx, items) => {
    lineOf(items, input.productId);
    await deleteCartItems(tx, input.cartId, input.productId);
  });
}

export async function clearCart(ctx: OrdersContext, input: { cartId: string }): Promise<{ cart: Cart }> {
  return changeCart(ctx, input.cartId, async (tx) => {
    await deleteCartItems(tx, input.cartId);
  });
}
