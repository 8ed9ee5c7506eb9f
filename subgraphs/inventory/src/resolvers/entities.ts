/**
 * The catalog's Product and Store, extended with their stock, and StoreStock (a product's
 * availability in one store, referenced by orders' carts). Any product or store id is a valid
 * reference here: one without stock simply has no levels. The representation carries the
 * @requires fields (the manufacturer's organization, the store's partner) from the catalog.
 */
import type { ProductResolvers, StoreResolvers, StoreStockResolvers } from '../schema.generated';
import { availabilityOf, stockOfProduct, stockOfStore, storeStockOf } from '../services/levels';

export const Product: ProductResolvers = {
  __resolveReference: (ref) => ref,
  inventoryLevels: (p, _, ctx) => stockOfProduct(ctx, p),
  availability: (p, _, ctx) => availabilityOf(ctx, p.id),
};

export const Store: StoreResolvers = {
  __resolveReference: (ref) => ref,
  inventoryLevels: (s, _, ctx) => stockOfStore(ctx, s),
};

export const StoreStock: StoreStockResolvers = {
  __resolveReference: ({ storeId, productId }, ctx) => storeStockOf(ctx, storeId, productId),
};
