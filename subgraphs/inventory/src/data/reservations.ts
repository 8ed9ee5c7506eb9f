/**
 * Reservations and their lines (stock held for an order), in plain SQL on the service's pg pool:
 * reserving, selling and releasing are what a checkout waits on, so each is a constant number of
 * statements whatever its number of lines, and skips Prisma's query compiler (the CPU a
 * checkout costs, bench/checkout.ts). The stock itself moves through `levelMovesCtes` (src/data/levels.ts),
 * embedded in the statement that also writes the reservation. Every write takes the pg client of
 * its transaction; statements are named (prepared once per connection).
 */
import type { Pool, PoolClient } from 'pg';
import type { RegionCode, ReservationStatus } from '@miw/contracts';
import type { LevelEffect } from '../domain/movement';
import { levelMovesCtes, MOVED_COLUMNS_OF_MOVED, movedLevelOf, movementValues, movesFromParams, movesValues, type LevelMoveLine, type MovedLevel, type MovedLevelColumns, type MovementOfMoves } from './levels';

/** A pool (reads outside a transaction) or the client of a transaction. */
type Sql = Pool | PoolClient;

interface ReservationLineRow {
  productId: string;
  quantity: number;
}

export interface ReservationRow {
  id: string;
  /** Null only for a tombstone. */
  storeId: string | null;
  status: ReservationStatus;
  releaseReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** By product id. */
  lines: ReservationLineRow[];
}

/** The reservation columns of a row (`r.*` as selected below). */
interface ReservationColumns {
  id: string;
  store_id: string | null;
  status: ReservationStatus;
  release_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS_OF_R = `r.id, r.store_id, r.status::text AS status, r.release_reason, r.created_at, r.updated_at`;

const rowOf = (r: ReservationColumns, lines: ReservationLineRow[]): ReservationRow => ({
  id: r.id,
  storeId: r.store_id,
  status: r.status,
  releaseReason: r.release_reason,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lines,
});

export interface NewReservation {
  id: string;
  storeId: string;
  /** The region whose stores this inventory serves: a store of another region is unknown here. */
  region: RegionCode;
  /** In lock order (by product id), as the reservation answers them. */
  lines: readonly ReservationLineRow[];
  /** The stock each line reserves (same products), and the movement each records. */
  moves: readonly LevelMoveLine[];
  movement: MovementOfMoves;
}

/** What one reserve statement did. */
export interface ReserveResult {
  /** The store is a live store of the region in the catalog projection; nothing happened otherwise. */
  storeKnown: boolean;
  partnerOrganizationId: string | null;
  /** The new reservation; null when the id existed (nothing reserved then). */
  reservation: ReservationRow | null;
  /** The levels reserved, by product id: fewer than the lines when some lacked stock (the caller rolls back). */
  moved: MovedLevel[];
  /** Units available (onHand - reserved) under the row lock, per product id with a level, before the change. */
  available: Map<string, number>;
}

const RESERVE = {
  name: 'inventory.reserve',
  text: `WITH s AS (
      SELECT id, partner_organization_id FROM inventory.catalog_store
       WHERE id = $1::uuid AND region = $2::inventory."Region" AND deleted_at IS NULL
    ), r AS (
      INSERT INTO inventory.reservation (id, store_id, status, created_at, updated_at)
      SELECT $3::uuid, s.id, 'ACTIVE', now(), now() FROM s
      ON CONFLICT (id) DO NOTHING
      RETURNING id, store_id, created_at, updated_at
    ), new_lines AS (
      INSERT INTO inventory.reservation_line (reservation_id, product_id, quantity)
      SELECT r.id, x.product_id, x.quantity FROM r, unnest($4::uuid[], $5::int[]) AS x(product_id, quantity)
    ), ${movesFromParams(6)},
    ${levelMovesCtes(10, '(SELECT r.store_id FROM r)')}
    SELECT s.id IS NOT NULL AS store_known, s.partner_organization_id, r.id AS reservation_id, r.created_at, r.updated_at,
           ARRAY(SELECT k.product_id::text FROM locked k ORDER BY k.product_id) AS locked_product_ids,
           ARRAY(SELECT k.on_hand - k.reserved FROM locked k ORDER BY k.product_id) AS locked_available,
           ${MOVED_COLUMNS_OF_MOVED}
      FROM (SELECT 1) AS one
      LEFT JOIN s ON true
      LEFT JOIN r ON true
      LEFT JOIN moved ON true
     ORDER BY moved.level_product_id`,
};

interface ReserveRow extends MovedLevelColumns {
  store_known: boolean;
  partner_organization_id: string | null;
  reservation_id: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  locked_product_ids: string[];
  locked_available: number[];
}

/**
 * Reserves in ONE statement, inside the caller's transaction: when the store is a live store of
 * the region, inserts the ACTIVE reservation with its lines unless the id exists (a concurrent
 * insert of the same id waits on the primary key until the first ends, so an id is never reserved
 * twice), then, only for a new reservation (the levels are those of its store), locks the levels of
 * the lines in product-id order and raises `reserved` on each level that has the units, with one
 * movement each. The caller rolls back unless every line moved.
 */
export async function reserveLevels(client: PoolClient, r: NewReservation): Promise<ReserveResult> {
  const values = [r.storeId, r.region, r.id, r.lines.map((l) => l.productId), r.lines.map((l) => l.quantity), ...movesValues(r.moves), ...movementValues(r.movement)];
  const { rows } = await client.query<ReserveRow>({ ...RESERVE, values });
  const head = rows[0]!;
  const available = new Map(head.locked_product_ids.map((id, i) => [id, head.locked_available[i]!]));
  const reservation =
    head.reservation_id === null
      ? null
      : rowOf({ id: head.reservation_id, store_id: r.storeId, status: 'ACTIVE', release_reason: null, created_at: head.created_at!, updated_at: head.updated_at! }, [...r.lines]);
  return { storeKnown: head.store_known, partnerOrganizationId: head.partner_organization_id, reservation, moved: movedOf(rows), available };
}

const movedOf = (rows: MovedLevelColumns[]): MovedLevel[] => rows.map(movedLevelOf).filter((m): m is MovedLevel => m !== null);

const READ = (lock: boolean) => ({
  name: lock ? 'inventory.reservation-locked' : 'inventory.reservation',
  text: `SELECT ${COLUMNS_OF_R},
           ARRAY(SELECT l.product_id::text FROM inventory.reservation_line l WHERE l.reservation_id = r.id ORDER BY l.product_id) AS product_ids,
           ARRAY(SELECT l.quantity FROM inventory.reservation_line l WHERE l.reservation_id = r.id ORDER BY l.product_id) AS quantities
      FROM inventory.reservation r WHERE r.id = $1::uuid${lock ? ' FOR UPDATE OF r' : ''}`,
});
const READ_LOCKED = READ(true);
const READ_UNLOCKED = READ(false);

/** A reservation with its lines; `lock` takes its row lock (FOR UPDATE) until the transaction ends. */
export async function readReservation(db: Sql, id: string, lock: boolean): Promise<ReservationRow | null> {
  const { rows } = await db.query<ReservationColumns & { product_ids: string[]; quantities: number[] }>({ ...(lock ? READ_LOCKED : READ_UNLOCKED), values: [id] });
  const row = rows[0];
  return row ? rowOf(row, row.product_ids.map((productId, i) => ({ productId, quantity: row.quantities[i]! }))) : null;
}

/**
 * A RELEASED reservation without store nor lines for an id never reserved, so that a reserve
 * arriving later answers CLOSED; null when the id exists (a concurrent reserve got there first).
 */
export async function insertTombstone(client: PoolClient, id: string, releaseReason: string): Promise<ReservationRow | null> {
  const { rows } = await client.query<ReservationColumns>(
    `INSERT INTO inventory.reservation AS r (id, store_id, status, release_reason, created_at, updated_at)
     VALUES ($1::uuid, NULL, 'RELEASED', $2::text, now(), now())
     ON CONFLICT (id) DO NOTHING
     RETURNING ${COLUMNS_OF_R}`,
    [id, releaseReason],
  );
  const row = rows[0];
  return row ? rowOf(row, []) : null;
}

const CLOSE = {
  name: 'inventory.close-reservation',
  text: `WITH closed AS (
      UPDATE inventory.reservation r
         SET status = $1::inventory."ReservationStatus", release_reason = $2::text, updated_at = now()
       WHERE r.id = $3::uuid AND r.status = 'ACTIVE'
      RETURNING ${COLUMNS_OF_R}
    ), moves AS (
      SELECT l.product_id, l.quantity, l.quantity * $4::int AS on_hand, l.quantity * $5::int AS reserved, l.quantity * $6::int AS delta
        FROM closed c JOIN inventory.reservation_line l ON l.reservation_id = c.id
    ), ${levelMovesCtes(7, '(SELECT c.store_id FROM closed c)')}
    SELECT c.id, c.store_id, c.status, c.release_reason, c.created_at, c.updated_at, s.partner_organization_id,
           ARRAY(SELECT x.product_id::text FROM moves x ORDER BY x.product_id) AS product_ids,
           ARRAY(SELECT x.quantity FROM moves x ORDER BY x.product_id) AS quantities,
           ${MOVED_COLUMNS_OF_MOVED}
      FROM closed c
      LEFT JOIN inventory.catalog_store s ON s.id = c.store_id AND s.deleted_at IS NULL
      LEFT JOIN moved ON true
     ORDER BY moved.level_product_id`,
};

/** Closing an ACTIVE reservation: its final status, and what selling or releasing one unit of a line does. */
export interface ReservationClosing {
  id: string;
  status: Exclude<ReservationStatus, 'ACTIVE'>;
  /** Kept with RELEASED only. */
  releaseReason: string | null;
  /** The move of one unit; a line of quantity q moves q times this (moves are linear in the quantity). */
  perUnit: { effect: LevelEffect; delta: number };
  movement: MovementOfMoves;
}

/** What closing a reservation did. */
export interface ClosedReservation {
  /** The reservation as it is now (closed), with its lines. */
  reservation: ReservationRow;
  /** The partner running the store (null when the projection does not know it any more). */
  partnerOrganizationId: string | null;
  /** The levels moved, by product id: fewer than the lines when a level no longer held them (the caller rolls back). */
  moved: MovedLevel[];
}

/**
 * Closes a reservation if it is ACTIVE, in ONE statement whatever its number of lines: sets its
 * final status (taking its row lock; a concurrent close that committed first leaves it no longer
 * ACTIVE, so nothing happens), then moves every line's units on its store's levels, locked in
 * product-id order, one movement each. Null when the reservation is not ACTIVE (or unknown).
 */
export async function closeReservation(client: PoolClient, c: ReservationClosing): Promise<ClosedReservation | null> {
  const values = [c.status, c.status === 'RELEASED' ? c.releaseReason : null, c.id, c.perUnit.effect.onHand, c.perUnit.effect.reserved, c.perUnit.delta, ...movementValues(c.movement)];
  const { rows } = await client.query<ReservationColumns & MovedLevelColumns & { partner_organization_id: string | null; product_ids: string[]; quantities: number[] }>({ ...CLOSE, values });
  const head = rows[0];
  if (!head) return null;
  const lines = head.product_ids.map((productId, i) => ({ productId, quantity: head.quantities[i]! }));
  return { reservation: rowOf(head, lines), partnerOrganizationId: head.partner_organization_id, moved: movedOf(rows) };
}

export interface ActiveReservation {
  id: string;
  storeId: string;
  createdAt: Date;
}

/** The oldest ACTIVE reservations created before `createdBefore` (the (status, created_at) index). */
export async function listActiveReservations(db: Sql, createdBefore: Date, limit: number): Promise<ActiveReservation[]> {
  const { rows } = await db.query<ActiveReservation>(
    `SELECT id, store_id AS "storeId", created_at AS "createdAt" FROM inventory.reservation
      WHERE status = 'ACTIVE' AND created_at < $1::timestamptz
      ORDER BY created_at, id LIMIT $2`,
    [createdBefore.toISOString(), limit],
  );
  return rows;
}
