/**
 * Inventory levels and their movements. Writes take the transaction they belong to. Moves of
 * several levels at once (the lines of a reservation) are CTEs another statement embeds
 * (`levelMovesCtes`), so a checkout's stock moves in one round trip however many lines it has.
 */
import { afterTimeCursor } from '@miw/service-kit';
import type { LevelEffect, MovementReason } from '../domain/movement';
import { Prisma, type InventoryDb, type InventoryLevel, type InventoryMovement, type InventoryReader, type InventoryTx } from './db';

export const findLevels = (db: InventoryDb, ids: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { id: { in: [...ids] } } });

export const findLevelsByStores = (db: InventoryDb, storeIds: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { storeId: { in: [...storeIds] } }, orderBy: [{ productId: 'asc' }] });

export const findLevel = (db: InventoryReader, storeId: string, productId: string): Promise<InventoryLevel | null> =>
  db.inventoryLevel.findUnique({ where: { storeId_productId: { storeId, productId } } });

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
    SELECT l.store_id::text AS "storeId", l.product_id::text AS "productId", l.available
      FROM inventory.stock_available l
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

/** One level of a store moved by a multi-level statement: what it does to the counters and the movement's delta. */
export interface LevelMoveLine {
  productId: string;
  effect: LevelEffect;
  delta: number;
}

/** The movement every level of a multi-level statement records (one each). */
export interface MovementOfMoves {
  reason: MovementReason;
  actorId: string | null;
  correlationId: string;
  note: string | null;
}

/**
 * A `moves` CTE (product_id, on_hand, reserved, delta: the lines of `levelMovesCtes`) from
 * `movesValues` (parameters `$first` to `$first + 3`). At most one line per product.
 */
export const movesFromParams = (first: number): string =>
  `moves AS (SELECT * FROM unnest($${first}::uuid[], $${first + 1}::int[], $${first + 2}::int[], $${first + 3}::int[]) AS x(product_id, on_hand, reserved, delta))`;

/** The parameters of `movesFromParams`, in the order it numbers them. */
export const movesValues = (lines: readonly LevelMoveLine[]): unknown[] => [
  lines.map((l) => l.productId),
  lines.map((l) => l.effect.onHand),
  lines.map((l) => l.effect.reserved),
  lines.map((l) => l.delta),
];

/** The parameters of `levelMovesCtes`, in the order it numbers them. */
export const movementValues = (m: MovementOfMoves): unknown[] => [m.reason, m.actorId, m.correlationId, m.note];

/**
 * CTEs (for the WITH list of a caller's statement, after the caller's `moves` CTE: product_id,
 * on_hand, reserved, delta) applying each move to the level of its product in the store `store` (a
 * SQL expression), with one movement each described by `movementValues` (parameters `$first` to
 * `$first + 3`):
 * - `locked`: the existing levels of the moves, row-locked IN PRODUCT-ID ORDER (one index lookup
 *   each, in sorted order) before anything
 *   changes (every multi-level change locks in this one order, so two never deadlock), with their
 *   counters as they are under the lock;
 * - `updated`: each level whose move keeps onHand >= 0, reserved >= 0 and reserved <= onHand,
 *   computed from the locked counters (a commit just before the lock cannot refuse it spuriously);
 * - `moved`: per updated level, its new columns (`level_*`), its movement (`movement_*`) and the
 *   organization making its product (`maker_organization_id`, for the event's audience).
 * A level absent or refused is missing from `updated`: the caller compares counts and rolls back.
 */
export function levelMovesCtes(first: number, store: string): string {
  const [reason, actor, correlation, note] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  // One index lookup per product, in product order (a lateral lookup each): a join or IN here
  // may be planned (generic plans of prepared statements) as a scan of the store's whole range.
  return `locked AS MATERIALIZED (
      SELECT l.id, l.product_id, l.on_hand, l.reserved
        FROM (SELECT DISTINCT product_id FROM moves ORDER BY product_id) p
       CROSS JOIN LATERAL (
         SELECT v.id, v.product_id, v.on_hand, v.reserved FROM inventory.inventory_level v
          WHERE v.store_id = ${store} AND v.product_id = p.product_id
            FOR UPDATE
       ) l
    ), updated AS (
      UPDATE inventory.inventory_level l
         SET on_hand = k.on_hand + x.on_hand, reserved = k.reserved + x.reserved, updated_at = now()
        FROM locked k
        JOIN moves x ON x.product_id = k.product_id
       WHERE l.id = k.id
         AND k.on_hand + x.on_hand >= 0 AND k.reserved + x.reserved >= 0 AND k.reserved + x.reserved <= k.on_hand + x.on_hand
      RETURNING l.id, l.store_id, l.product_id, l.on_hand, l.reserved, l.low_stock_threshold, l.created_at, l.updated_at, x.delta
    ), movements AS (
      INSERT INTO inventory.inventory_movement (id, level_id, delta, reason, actor_id, correlation_id, note, shipment_id, created_at)
      SELECT gen_random_uuid(), u.id, u.delta, ${reason}::inventory."MovementReason", ${actor}::uuid, ${correlation}::text, ${note}::text, NULL, now()
        FROM updated u
      RETURNING id, level_id, delta, reason, actor_id, correlation_id, note, created_at
    ), moved AS (
      SELECT u.id AS level_id, u.store_id AS level_store_id, u.product_id AS level_product_id, u.on_hand AS level_on_hand, u.reserved AS level_reserved,
             u.low_stock_threshold AS level_low_stock_threshold, u.created_at AS level_created_at, u.updated_at AS level_updated_at,
             m.id AS movement_id, m.delta AS movement_delta, m.reason::text AS movement_reason, m.actor_id AS movement_actor_id,
             m.correlation_id AS movement_correlation_id, m.note AS movement_note, m.created_at AS movement_created_at,
             mf.organization_id AS maker_organization_id
        FROM updated u
        JOIN movements m ON m.level_id = u.id
        LEFT JOIN inventory.catalog_product cp ON cp.id = u.product_id
        LEFT JOIN inventory.catalog_manufacturer mf ON mf.id = cp.manufacturer_id
    )`;
}

/** The columns of the `moved` CTE, as a caller's final SELECT lists them (table alias `moved`). */
export const MOVED_COLUMNS_OF_MOVED = `moved.level_id, moved.level_store_id, moved.level_product_id, moved.level_on_hand, moved.level_reserved,
  moved.level_low_stock_threshold, moved.level_created_at, moved.level_updated_at, moved.movement_id, moved.movement_delta, moved.movement_reason,
  moved.movement_actor_id, moved.movement_correlation_id, moved.movement_note, moved.movement_created_at, moved.maker_organization_id`;

/** A row of a statement selecting `MOVED_COLUMNS_OF_MOVED` (all null when the row carries no moved level). */
export interface MovedLevelColumns {
  level_id: string | null;
  level_store_id: string;
  level_product_id: string;
  level_on_hand: number;
  level_reserved: number;
  level_low_stock_threshold: number;
  level_created_at: Date;
  level_updated_at: Date;
  movement_id: string;
  movement_delta: number;
  movement_reason: MovementReason;
  movement_actor_id: string | null;
  movement_correlation_id: string;
  movement_note: string | null;
  movement_created_at: Date;
  maker_organization_id: string | null;
}

/** A level moved by `levelMovesCtes`: its new state, its movement and who makes its product. */
export interface MovedLevel {
  level: InventoryLevel;
  movement: InventoryMovement;
  makerOrganizationId: string | null;
}

/** The moved level of a row, or null when the row carries none (a header row without levels). */
export function movedLevelOf(row: MovedLevelColumns): MovedLevel | null {
  if (row.level_id === null) return null;
  return {
    level: {
      id: row.level_id,
      storeId: row.level_store_id,
      productId: row.level_product_id,
      onHand: row.level_on_hand,
      reserved: row.level_reserved,
      lowStockThreshold: row.level_low_stock_threshold,
      createdAt: row.level_created_at,
      updatedAt: row.level_updated_at,
    },
    movement: {
      id: row.movement_id,
      levelId: row.level_id,
      delta: row.movement_delta,
      reason: row.movement_reason,
      actorId: row.movement_actor_id,
      correlationId: row.movement_correlation_id,
      note: row.movement_note,
      shipmentId: null,
      createdAt: row.movement_created_at,
    },
    makerOrganizationId: row.maker_organization_id,
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
