import { forbidden } from '@miw/auth';
import { scalarResolvers } from '@miw/service-kit';
import { mayReadProductStock, mayReadStoreStock } from '../domain/access';
import type { InventoryContext } from '../context';
import type { InventoryLevel as Level } from '../data/db';

interface ProductRef {
  id: string;
  manufacturer?: { organization?: { id: string } | null } | null;
}

interface StoreRef {
  id: string;
  partnerOrganization?: { id: string } | null;
}

export const resolvers = {
  DateTime: scalarResolvers.DateTime,
  InventoryLevel: {
    __resolveReference: ({ id }: { id: string }, ctx: InventoryContext) => ctx.loaders.level.load(id),
    store: (l: Level) => ({ id: l.storeId }),
    product: (l: Level) => ({ id: l.productId }),
    available: (l: Level) => l.onHand - l.reserved,
    lowStock: (l: Level) => l.onHand - l.reserved <= l.lowStockThreshold,
  },
  Product: {
    // Any product id is a valid reference here: a product without stock simply has no levels.
    // The representation carries the @requires fields (manufacturer's organization) from the catalog.
    __resolveReference: (ref: ProductRef) => ref,
    inventoryLevels: (p: ProductRef, _: unknown, ctx: InventoryContext) => {
      if (!mayReadProductStock(ctx.viewer, p.manufacturer?.organization?.id)) throw forbidden('Only admins and the product\'s manufacturer see its stock');
      return ctx.loaders.levelsByProduct.load(p.id);
    },
  },
  Store: {
    __resolveReference: (ref: StoreRef) => ref,
    inventoryLevels: (s: StoreRef, _: unknown, ctx: InventoryContext) => {
      if (!mayReadStoreStock(ctx.viewer, s.partnerOrganization?.id)) throw forbidden('Only admins and the partner running this store see its stock');
      return ctx.loaders.levelsByStore.load(s.id);
    },
  },
};
