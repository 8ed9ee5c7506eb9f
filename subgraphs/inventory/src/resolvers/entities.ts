/**
 * The catalog's Product and Store, extended with their stock. Any product or store id is a valid
 * reference here: one without stock simply has no levels. The representation carries the
 * @requires fields (the manufacturer's organization, the store's partner) from the catalog.
 */
import type { ProductResolvers, StoreResolvers } from '../schema.generated';
import { availabilityOf, stockOfProduct, stockOfStore } from '../services/levels';

export const Product: ProductResolvers = {
  __resolveReference: (ref) => ref,
  inventoryLevels: (p, _, ctx) => stockOfProduct(ctx, p),
  availability: (p, _, ctx) => availabilityOf(ctx, p.id),
};

export const Store: StoreResolvers = {
  __resolveReference: (ref) => ref,
  inventoryLevels: (s, _, ctx) => stockOfStore(ctx, s),
};
