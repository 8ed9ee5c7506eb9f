/** Stock levels: the level query, stock movements and thresholds. */
import { optionalText, pageSize, requireUuid, timeCursor, toConnection, userInputError } from '@miw/service-kit';
import { attempt } from '../domain/failure';
import { availableOf, isLowStock, MAX_MOVEMENT } from '../domain/movement';
import type { InventoryLevelResolvers, MutationResolvers, QueryResolvers } from '../schema.generated';
import { adjustStock, movementsOf, setLowStockThreshold, visibleLevel } from '../services/levels';

const movementCursor = timeCursor('movement');
const NO_LEVEL = { level: null, movement: null };

export const levelQueries: Pick<QueryResolvers, 'inventoryLevel'> = {
  inventoryLevel: (_, args, ctx) => visibleLevel(ctx, requireUuid(args.storeId, 'storeId'), requireUuid(args.productId, 'productId')),
};

export const levelMutations: Pick<MutationResolvers, 'adjustInventory' | 'setLowStockThreshold'> = {
  adjustInventory(_, { input }, ctx) {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const productId = requireUuid(input.productId, 'input.productId');
    const note = optionalText(input.note, 'input.note', 500);
    return attempt(NO_LEVEL, () => adjustStock(ctx, { storeId, productId, delta: input.delta, reason: input.reason, note }));
  },

  setLowStockThreshold(_, { input }, ctx) {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const productId = requireUuid(input.productId, 'input.productId');
    const { lowStockThreshold } = input;
    if (!Number.isInteger(lowStockThreshold) || lowStockThreshold < 0 || lowStockThreshold > MAX_MOVEMENT) {
      throw userInputError(`input.lowStockThreshold must be between 0 and ${MAX_MOVEMENT}`, { field: 'input.lowStockThreshold' });
    }
    return attempt(NO_LEVEL, async () => ({ level: await setLowStockThreshold(ctx, { storeId, productId, lowStockThreshold }), movement: null }));
  },
};

export const InventoryLevel: InventoryLevelResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.level.load(id),
  store: (l) => ({ id: l.storeId }),
  product: (l) => ({ id: l.productId }),
  available: (l) => availableOf(l),
  lowStock: (l) => isLowStock(l),
  async movements(level, args, ctx) {
    const size = pageSize(args.first);
    const after = movementCursor.decode(args.after);
    return toConnection(await movementsOf(ctx, level.id, size, after), size, movementCursor.encode, Boolean(after));
  },
};
