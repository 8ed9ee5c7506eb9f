/** Inventory levels and their movements. Writes take the transaction they belong to. */
import { afterTimeCursor } from '@miw/service-kit';
import type { LevelEffect, MovementReason } from '../domain/movement';
import { Prisma, type InventoryDb, type InventoryLevel, type InventoryMovement, type InventoryReader, type InventoryTx } from './db';

export const findLevels = (db: InventoryDb, ids: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { id: { in: [...ids] } } });

export const findLevelsByProducts = (db: InventoryDb, productIds: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { productId: { in: [...productIds] } }, orderBy: [{ storeId: 'asc' }] });

export const findLevelsByStores = (db: InventoryDb, storeIds: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { storeId: { in: [...storeIds] } }, orderBy: [{ productId: 'asc' }] });

export const findLevel = (db: InventoryReader, storeId: string, productId: string): Promise<InventoryLevel | null> =>
  db.inventoryLevel.findUnique({ where: { storeId_productId: { storeId, productId } } });

/** Units available per product across every store of this database (the region), never negative per store. */
export async function availabilityOfProducts(db: InventoryDb, productIds: readonly string[]): Promise<{ id: string; available: number }[]> {
  const rows = await db.$queryRaw<{ id: string; available: bigint | number }[]>`
    SELECT product_id::text AS id, COALESCE(SUM(GREATEST(on_hand - reserved, 0)), 0) AS available
      FROM inventory.inventory_level WHERE product_id = ANY(${[...productIds]}::uuid[]) GROUP BY product_id`;
  return rows.map((r) => ({ id: r.id, available: Number(r.available) }));
}

export interface StockKey {
  storeId: string;
  productId: string;
}

/**
 * Units available (onHand - reserved, never negative) for each (store, product) pair that has a
 * level, in ONE statement whatever the number of pairs (the StoreStock entities of a cart, the
 * lines of a refused reservation). Pairs without a level are absent: they hold nothing.
 */
export async function availableAt(db: InventoryReader, keys: readonly StockKey[]): Promise<(StockKey & { available: number })[]> {
  if (keys.length === 0) return [];
  return db.$queryRaw<(StockKey & { available: number })[]>`
    SELECT l.store_id::text AS "storeId", l.product_id::text AS "productId", GREATEST(l.on_hand - l.reserved, 0) AS available
      FROM inventory.inventory_level l
      JOIN unnest(${keys.map((k) => k.storeId)}::uuid[], ${keys.map((k) => k.productId)}::uuid[]) AS k(store_id, product_id)
        ON l.store_id = k.store_id AND l.product_id = k.product_id`;
}

const LEVEL_COLUMNS_OF_L = Prisma.sql`l.id::text AS id, l.store_id::text AS "storeId", l.product_id::text AS "productId", l.on_hand AS "onHand", l.reserved,
  l.low_stock_threshold AS "lowStockThreshold", l.created_at AS "createdAt", l.updated_at AS "updatedAt"`;

export interface NewMovement {
  delta: number;
  reason: MovementReason;
  actorId: string | null;
  correlationId: string;
  note?: string | null;
  shipmentId?: string | null;
}

const MOVED_COLUMNS = Prisma.sql`${LEVEL_COLUMNS_OF_L},
  m.id::text AS "movementId", m.delta AS "movementDelta", m.reason::text AS "movementReason", m.actor_id::text AS "movementActorId",
  m.correlation_id AS "movementCorrelationId", m.note AS "movementNote", m.shipment_id::text AS "movementShipmentId", m.created_at AS "movementCreatedAt"`;

type MovedRow = InventoryLevel & {
  movementId: string;
  movementDelta: number;
  movementReason: MovementReason;
  movementActorId: string | null;
  movementCorrelationId: string;
  movementNote: string | null;
  movementShipmentId: string | null;
  movementCreatedAt: Date;
};

/**
 * Applies `effect` to the level of (store, product) and records its movement, in ONE statement
 * (the row lock is held for as few round trips as possible), or returns null when the change would
 * make a counter negative or reserve more than is on hand (nothing changes then). The condition
 * sits in the UPDATE itself, so concurrent changes never race; the CHECK constraints are the last
 * line of defence. A pure addition to onHand creates the level if needed.
 */
export async function applyMovement(
  tx: InventoryTx,
  storeId: string,
  productId: string,
  effect: LevelEffect,
  movement: NewMovement,
): Promise<{ level: InventoryLevel; movement: InventoryMovement } | null> {
  const changed =
    effect.onHand > 0 && effect.reserved === 0
      ? Prisma.sql`INSERT INTO inventory.inventory_level AS l (id, store_id, product_id, on_hand, reserved, low_stock_threshold, updated_at)
          VALUES (gen_random_uuid(), ${storeId}::uuid, ${productId}::uuid, ${effect.onHand}, 0, 0, now())
          ON CONFLICT (store_id, product_id) DO UPDATE SET on_hand = l.on_hand + ${effect.onHand}, updated_at = now()
          RETURNING l.*`
      : Prisma.sql`UPDATE inventory.inventory_level
             SET on_hand = on_hand + ${effect.onHand}, reserved = reserved + ${effect.reserved}, updated_at = now()
           WHERE store_id = ${storeId}::uuid AND product_id = ${productId}::uuid
             AND on_hand + ${effect.onHand} >= 0 AND reserved + ${effect.reserved} >= 0
             AND reserved + ${effect.reserved} <= on_hand + ${effect.onHand}
          RETURNING *`;
  const rows = await tx.$queryRaw<MovedRow[]>`
    WITH l AS (${changed}),
    m AS (
      INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, actor_id, correlation_id, note, shipment_id, created_at)
      SELECT gen_random_uuid(), l.id, ${movement.delta}, ${movement.reason}::inventory."MovementReason", ${movement.actorId}::uuid,
             ${movement.correlationId}, ${movement.note ?? null}, ${movement.shipmentId ?? null}::uuid, now()
        FROM l
      RETURNING *
    )
    SELECT ${MOVED_COLUMNS} FROM l JOIN m ON m.level_id = l.id`;
  const row = rows[0];
  if (!row) return null;
  const { movementId, movementDelta, movementReason, movementActorId, movementCorrelationId, movementNote, movementShipmentId, movementCreatedAt, ...level } = row;
  return {
    level,
    movement: {
      id: movementId,
      levelId: level.id,
      delta: movementDelta,
      reason: movementReason,
      actorId: movementActorId,
      correlationId: movementCorrelationId,
      note: movementNote,
      shipmentId: movementShipmentId,
      createdAt: movementCreatedAt,
    },
  };
}

/** Sets the threshold of an existing level (null when there is none); also returns the previous threshold. */
export async function setThreshold(tx: InventoryTx, storeId: string, productId: string, lowStockThreshold: number): Promise<{ level: InventoryLevel; previousThreshold: number } | null> {
  const rows = await tx.$queryRaw<(InventoryLevel & { previousThreshold: number })[]>`
    WITH previous AS (
      SELECT id, low_stock_threshold FROM inventory.inventory_level WHERE store_id = ${storeId}::uuid AND product_id = ${productId}::uuid FOR UPDATE
    )
    UPDATE inventory.inventory_level l SET low_stock_threshold = ${lowStockThreshold}, updated_at = now()
      FROM previous WHERE l.id = previous.id
    RETURNING ${LEVEL_COLUMNS_OF_L}, previous.low_stock_threshold AS "previousThreshold"`;
  const row = rows[0];
  if (!row) return null;
  const { previousThreshold, ...level } = row;
  return { level, previousThreshold };
}

/** One page of a level's movements, newest first, `limit` rows after the cursor. */
export function listMovements(db: InventoryDb, levelId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<InventoryMovement[]> {
  const where: Prisma.InventoryMovementWhereInput = after
    ? { levelId, ...afterTimeCursor(after, 'desc') }
    : { levelId };
  return db.inventoryMovement.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
}
