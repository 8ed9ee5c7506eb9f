/** Stock levels: the level query, stock movements and thresholds. */
import { forbidden } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { pageSize, timeCursor, toConnection, userInputError } from '@miw/service-kit';
import type { InventoryContext } from '../context';
import { invalidDelta, MAX_MOVEMENT, thresholdCrossedIntoLowStock, type MovementReason } from '../domain/movement';
import { audienceFor, audienceOfKnownStore } from '../data/projection';
import { findLevel, listMovements, setThreshold } from '../data/levels';
import type { InventoryLevel } from '../data/db';
import { levelChanged, levelSnapshot, lowStockCrossed } from '../events/inventory-events';
import { attempt, inTransaction, fail, moveStock, optionalText, requireStorePartner, requireUuid, requireVisible, storeOfRegion } from './shared';

const movementCursor = timeCursor('movement');

interface AdjustInventoryInput {
  storeId: string;
  productId: string;
  delta: number;
  reason: MovementReason;
  note?: string | null;
}

interface SetLowStockThresholdInput {
  storeId: string;
  productId: string;
  lowStockThreshold: number;
}

const NO_LEVEL = { level: null, movement: null };

export const levelQueries = {
  async inventoryLevel(_: unknown, args: { storeId: string; productId: string }, ctx: InventoryContext) {
    const storeId = requireUuid(args.storeId, 'storeId');
    const productId = requireUuid(args.productId, 'productId');
    requireVisible(ctx, await audienceFor(ctx.db, storeId, [productId]), 'stock');
    return findLevel(ctx.db, storeId, productId);
  },
};

export const levelMutations = {
  async adjustInventory(_: unknown, { input }: { input: AdjustInventoryInput }, ctx: InventoryContext) {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const productId = requireUuid(input.productId, 'input.productId');
    const note = optionalText(input.note, 'input.note', 500);
    const invalid = invalidDelta(input.reason, input.delta);
    if (invalid) return { ...NO_LEVEL, errors: [{ code: 'INVALID', field: 'input.delta', message: invalid }] };
    return attempt(NO_LEVEL, async () => {
      const store = await storeOfRegion(ctx, storeId, 'input.storeId');
      requireStorePartner(ctx, store.partnerOrganizationId);
      const audience = await audienceOfKnownStore(ctx.db, store.partnerOrganizationId, [productId]);
      const moved = await inTransaction(ctx, (tx) => moveStock(tx, ctx, { storeId, productId, reason: input.reason, delta: input.delta, note }, audience));
      if (!moved) return fail('INSUFFICIENT_STOCK', 'input.delta', 'not enough stock for this change (stock cannot go negative nor be reserved beyond what is on hand); nothing changed');
      ctx.logger.info({ levelId: moved.level.id, reason: input.reason, delta: input.delta }, 'stock moved');
      return moved;
    });
  },

  async setLowStockThreshold(_: unknown, { input }: { input: SetLowStockThresholdInput }, ctx: InventoryContext) {
    const storeId = requireUuid(input.storeId, 'input.storeId');
    const productId = requireUuid(input.productId, 'input.productId');
    if (!Number.isInteger(input.lowStockThreshold) || input.lowStockThreshold < 0 || input.lowStockThreshold > MAX_MOVEMENT) {
      throw userInputError(`input.lowStockThreshold must be between 0 and ${MAX_MOVEMENT}`, { field: 'input.lowStockThreshold' });
    }
    return attempt(NO_LEVEL, async () => {
      const store = await storeOfRegion(ctx, storeId, 'input.storeId');
      requireStorePartner(ctx, store.partnerOrganizationId);
      const audience = await audienceOfKnownStore(ctx.db, store.partnerOrganizationId, [productId]);
      const level = await inTransaction(ctx, async (tx) => {
        const changed = await setThreshold(tx, storeId, productId, input.lowStockThreshold);
        if (!changed) return fail('NOT_FOUND', 'input.productId', 'this store holds no stock of this product yet');
        const snapshot = levelSnapshot(changed.level, null, audience);
        const events = [levelChanged(ctx, snapshot)];
        if (thresholdCrossedIntoLowStock(changed.level, changed.previousThreshold)) events.push(lowStockCrossed(ctx, snapshot));
        await writeOutbox(tx, 'inventory', events);
        return changed.level;
      });
      return { level, movement: null };
    });
  },
};

export const levelFields = {
  /** Reached only through a visible level (Store/Product.inventoryLevels, inventoryLevel, a payload). */
  async movements(level: InventoryLevel, args: { first?: number | null; after?: string | null }, ctx: InventoryContext) {
    const size = pageSize(args.first);
    const after = movementCursor.decode(args.after);
    if (!ctx.viewer) throw forbidden('Sign in to see stock movements');
    const rows = size === 0 ? [] : await listMovements(ctx.db, level.id, size + 1, after);
    return toConnection(rows, size, movementCursor.encode, Boolean(after));
  },
};
