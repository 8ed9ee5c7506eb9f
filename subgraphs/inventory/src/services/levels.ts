/**
 * Stock levels: reading a level, moving stock and setting the low-stock threshold. Every change
 * writes its level event (and, on a crossing into low stock, the low-stock event) in its own
 * transaction.
 */
import { forbidden } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import type { InventoryContext } from '../context';
import { mayReadProductStock, mayReadStoreStock } from '../domain/access';
import type { Audience } from '../domain/audience';
import { fail } from '../domain/failure';
import { crossedIntoLowStock, effectOf, invalidDelta, thresholdCrossedIntoLowStock, type LevelEffect, type MovementReason } from '../domain/movement';
import { transaction, type InventoryLevel, type InventoryMovement, type InventoryTx } from '../data/db';
import { applyMovement, findLevel, listMovements, setThreshold } from '../data/levels';
import { audienceFor, audienceOfKnownStore } from '../data/projection';
import { inventoryAudit, levelAuditFields } from '../events/audit';
import { levelChanged, levelPayload, lowStockCrossed } from '../events/inventory-events';
import type { ProductRef, StoreRef } from '../mappers';
import { requireStorePartner, requireVisible, storeOfRegion } from './access';

export interface StockMove {
  storeId: string;
  productId: string;
  reason: MovementReason;
  delta: number;
  note?: string | null;
  shipmentId?: string | null;
  /** What the move does to the counters when it is not `effectOf(reason, delta)` (a sale of reserved units: `saleOfReserved`). */
  effect?: LevelEffect;
}

export interface MovedStock {
  level: InventoryLevel;
  movement: InventoryMovement;
}

/**
 * Moves stock in `tx`: the conditional update, its movement row, the level event and, when the
 * level just became low, the low-stock event. null when the move would make stock negative.
 */
export async function moveStock(tx: InventoryTx, ctx: InventoryContext, move: StockMove, audience: Audience): Promise<MovedStock | null> {
  const effect = move.effect ?? effectOf(move.reason, move.delta);
  const moved = await applyMovement(tx, move.storeId, move.productId, effect, {
    delta: move.delta,
    reason: move.reason,
    actorId: ctx.viewer?.userId ?? null,
    correlationId: ctx.correlationId,
    note: move.note ?? null,
    shipmentId: move.shipmentId ?? null,
  });
  if (!moved) return null;
  const { level, movement } = moved;
  const payload = levelPayload(level, movement, audience);
  const events = [levelChanged(ctx, payload)];
  if (crossedIntoLowStock(level, effect)) events.push(lowStockCrossed(ctx, payload));
  await writeOutbox(tx, 'inventory', events);
  return { level, movement };
}

/** The level of a product in a store, for admins, the store's partner and the product's maker. */
export async function visibleLevel(ctx: InventoryContext, storeId: string, productId: string): Promise<InventoryLevel | null> {
  requireVisible(ctx, await audienceFor(ctx.db, storeId, [productId]), 'stock');
  return findLevel(ctx.db, storeId, productId);
}

/** The stock of a product in every store of the region: admins and the product's manufacturer. */
export function stockOfProduct(ctx: InventoryContext, product: ProductRef): Promise<InventoryLevel[]> {
  if (!mayReadProductStock(ctx.viewer, product.manufacturer?.organization?.id)) throw forbidden('Only admins and the product\'s manufacturer see its stock');
  return ctx.loaders.levelsByProduct.load(product.id);
}

/** The stock of a store: admins and the partner running it. */
export function stockOfStore(ctx: InventoryContext, store: StoreRef): Promise<InventoryLevel[]> {
  if (!mayReadStoreStock(ctx.viewer, store.partnerOrganization?.id)) throw forbidden('Only admins and the partner running this store see its stock');
  return ctx.loaders.levelsByStore.load(store.id);
}

/** Public: a shopper-facing number (units available over this region's stores). */
export async function availabilityOf(ctx: InventoryContext, productId: string): Promise<number> {
  return (await ctx.loaders.availability.load(productId))?.available ?? 0;
}

/** What a StoreStock reference resolves to. */
export interface StoreStockObject {
  storeId: string;
  productId: string;
  available: number;
}

/**
 * Public: units a shopper can buy of a product in one store (a cart line); 0 when the store holds
 * none, null for a key that is not two UUIDs. Batched: N references of a request cost one query.
 */
export async function storeStockOf(ctx: InventoryContext, storeId: string, productId: string): Promise<StoreStockObject | null> {
  const available = await ctx.loaders.storeStock.load({ storeId, productId });
  return available === null ? null : { storeId, productId, available };
}

export interface AdjustStockInput {
  storeId: string;
  productId: string;
  delta: number;
  reason: MovementReason;
  note: string | null;
}

/** A stock movement by the store's partner or an admin (the `adjustInventory` mutation). */
export async function adjustStock(ctx: InventoryContext, input: AdjustStockInput): Promise<MovedStock> {
  const invalid = invalidDelta(input.reason, input.delta);
  if (invalid) fail('INVALID', 'input.delta', invalid);
  const store = await storeOfRegion(ctx, input.storeId, 'input.storeId');
  requireStorePartner(ctx, store.partnerOrganizationId);
  const audience = await audienceOfKnownStore(ctx.db, store.partnerOrganizationId, [input.productId]);
  const moved = await transaction(ctx.db, async (tx) => {
    const result = await moveStock(tx, ctx, input, audience);
    if (result) await writeOutbox(tx, 'inventory', auditOfAdjustment(ctx, result, input));
    return result;
  });
  if (!moved) return fail('INSUFFICIENT_STOCK', 'input.delta', 'not enough stock for this change (stock cannot go negative nor be reserved beyond what is on hand); nothing changed');
  ctx.logger.info({ levelId: moved.level.id, reason: input.reason, delta: input.delta }, 'stock moved');
  return moved;
}

/**
 * An admin's adjustment, audited: the counters before are exactly the ones after minus the
 * movement's effect (the conditional update applied it atomically), so nothing is read again.
 */
function auditOfAdjustment(ctx: InventoryContext, { level }: MovedStock, input: AdjustStockInput) {
  const effect = effectOf(input.reason, input.delta);
  const before = { ...level, onHand: level.onHand - effect.onHand, reserved: level.reserved - effect.reserved };
  const after = { ...levelAuditFields(level), movement: { reason: input.reason, delta: input.delta } };
  return inventoryAudit(ctx, 'InventoryLevel', 'inventory_level.adjust', level.id, levelAuditFields(before), after);
}

export interface SetThresholdInput {
  storeId: string;
  productId: string;
  lowStockThreshold: number;
}

/** Sets the low-stock threshold of an existing level; raising it above the available stock is a crossing. */
export async function setLowStockThreshold(ctx: InventoryContext, input: SetThresholdInput): Promise<InventoryLevel> {
  const store = await storeOfRegion(ctx, input.storeId, 'input.storeId');
  requireStorePartner(ctx, store.partnerOrganizationId);
  const audience = await audienceOfKnownStore(ctx.db, store.partnerOrganizationId, [input.productId]);
  return transaction(ctx.db, async (tx) => {
    const changed = await setThreshold(tx, input.storeId, input.productId, input.lowStockThreshold);
    if (!changed) return fail('NOT_FOUND', 'input.productId', 'this store holds no stock of this product yet');
    const payload = levelPayload(changed.level, null, audience);
    const events = [levelChanged(ctx, payload)];
    if (thresholdCrossedIntoLowStock(changed.level, changed.previousThreshold)) events.push(lowStockCrossed(ctx, payload));
    const before = levelAuditFields({ ...changed.level, lowStockThreshold: changed.previousThreshold });
    events.push(...inventoryAudit(ctx, 'InventoryLevel', 'inventory_level.set_low_stock_threshold', changed.level.id, before, levelAuditFields(changed.level)));
    await writeOutbox(tx, 'inventory', events);
    return changed.level;
  });
}

/**
 * A page of a level's movements after the cursor, newest first: `size` rows and one more when
 * there is a next page. Reached only through a visible level (Store/Product.inventoryLevels,
 * inventoryLevel, a payload), by a signed-in caller.
 */
export async function movementsOf(ctx: InventoryContext, levelId: string, size: number, after: { createdAt: Date; id: string } | undefined): Promise<InventoryMovement[]> {
  if (!ctx.viewer) throw forbidden('Sign in to see stock movements');
  return size === 0 ? [] : listMovements(ctx.db, levelId, size + 1, after);
}
