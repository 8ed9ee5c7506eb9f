import { scalarResolvers } from '@miw/service-kit';
import type { InventoryContext } from '../context';
import type { InventoryLevel as Level } from '../data/db';

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
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    inventoryLevels: ({ id }: { id: string }, _: unknown, ctx: InventoryContext) => ctx.loaders.levelsByProduct.load(id),
  },
  Store: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    inventoryLevels: ({ id }: { id: string }, _: unknown, ctx: InventoryContext) => ctx.loaders.levelsByStore.load(id),
  },
};
