/** Carts and their lines. Reads take the client; writes take the transaction they belong to. */
import type { Cart, CartItem, OrdersReader, OrdersTx } from './db';

export const findCarts = (db: OrdersReader, ids: readonly string[]): Promise<Cart[]> => db.cart.findMany({ where: { id: { in: [...ids] } } });

/** The lines of several carts at once, oldest first. */
export const findCartItems = (db: OrdersReader, cartIds: readonly string[]): Promise<CartItem[]> =>
  db.cartItem.findMany({ where: { cartId: { in: [...cartIds] } }, orderBy: [{ addedAt: 'asc' }, { productId: 'asc' }] });

export const findOpenCart = (db: OrdersReader, userId: string, storeId: string): Promise<Cart | null> => db.cart.findFirst({ where: { userId, storeId, status: 'OPEN' } });

/** A user's open carts, most recently changed first (at most one per store). */
export const findOpenCartsOfUser = (db: OrdersReader, userId: string): Promise<Cart[]> =>
  db.cart.findMany({ where: { userId, status: 'OPEN' }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], take: 100 });

/**
 * The user's open cart in the store, created when there is none, locked for the rest of the
 * transaction. Two concurrent first additions meet on the one-open-cart-per-store index.
 */
export async function lockOpenCart(tx: OrdersTx, userId: string, storeId: string): Promise<Cart> {
  await tx.$executeRaw`INSERT INTO orders.cart (id, user_id, store_id, status, updated_at) VALUES (gen_random_uuid(), ${userId}::uuid, ${storeId}::uuid, 'OPEN', now())
    ON CONFLICT (user_id, store_id) WHERE status = 'OPEN' DO NOTHING`;
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM orders.cart WHERE user_id = ${userId}::uuid AND store_id = ${storeId}::uuid AND status = 'OPEN' FOR UPDATE`;
  return tx.cart.findUniqueOrThrow({ where: { id: row!.id } });
}

/** Locks a cart for the rest of the transaction; null when it does not exist. */
export async function lockCart(tx: OrdersTx, id: string): Promise<Cart | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM orders.cart WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length ? tx.cart.findUnique({ where: { id } }) : null;
}

export const cartItemsOf = (db: OrdersReader, cartId: string): Promise<CartItem[]> => findCartItems(db, [cartId]);

export const putCartItem = (tx: OrdersTx, item: { cartId: string; productId: string; quantity: number; seenUnitPriceAmount: number }): Promise<CartItem> =>
  tx.cartItem.upsert({
    where: { cartId_productId: { cartId: item.cartId, productId: item.productId } },
    create: item,
    update: { quantity: item.quantity, seenUnitPriceAmount: item.seenUnitPriceAmount },
  });

/** Removes lines; returns how many were removed. */
export async function deleteCartItems(tx: OrdersTx, cartId: string, productId?: string): Promise<number> {
  return (await tx.cartItem.deleteMany({ where: productId ? { cartId, productId } : { cartId } })).count;
}

/** Marks the cart changed; its currency follows its lines (null once empty). */
export const touchCart = (tx: OrdersTx, id: string, currency: string | null): Promise<Cart> => tx.cart.update({ where: { id }, data: { currency, updatedAt: new Date() } });

/** Records the prices the shopper was shown (only lines whose price moved are written). */
export async function rememberSeenPrices(db: OrdersReader, cartId: string, prices: readonly { productId: string; amount: number }[]): Promise<void> {
  for (const { productId, amount } of prices) {
    await db.cartItem.updateMany({ where: { cartId, productId }, data: { seenUnitPriceAmount: amount } });
  }
}
