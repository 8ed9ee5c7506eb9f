/**
 * Reservations and their lines (stock held for an order). Every write takes the transaction it
 * belongs to; the stock itself moves through `applyMovement` (src/data/levels.ts), never here.
 * Each function is one statement, so a reservation's row lock is held for few round trips.
 */
import type { ReservationStatus } from '@miw/contracts';
import { Prisma, type InventoryReader, type InventoryTx } from './db';

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

const COLUMNS_OF_R = Prisma.sql`r.id::text AS id, r.store_id::text AS "storeId", r.status::text AS status, r.release_reason AS "releaseReason",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

const LINES_OF_R = Prisma.sql`COALESCE((SELECT json_agg(json_build_object('productId', l.product_id::text, 'quantity', l.quantity) ORDER BY l.product_id)
  FROM inventory.reservation_line l WHERE l.reservation_id = r.id), '[]'::json) AS lines`;

export interface NewReservation {
  id: string;
  storeId: string;
  /** In lock order (by product id), as the reservation answers them. */
  lines: readonly ReservationLineRow[];
}

/**
 * Inserts an ACTIVE reservation with its lines, or nothing when the id exists (null then). A
 * concurrent insert of the same id waits on the primary key until the first commits or rolls
 * back, so the same id is never reserved twice.
 */
export async function insertReservation(tx: InventoryTx, r: NewReservation): Promise<ReservationRow | null> {
  const rows = await tx.$queryRaw<Omit<ReservationRow, 'lines'>[]>`
    WITH r AS (
      INSERT INTO inventory.reservation (id, store_id, status, created_at, updated_at)
      VALUES (${r.id}::uuid, ${r.storeId}::uuid, 'ACTIVE', now(), now())
      ON CONFLICT (id) DO NOTHING
      RETURNING *
    ), inserted_lines AS (
      INSERT INTO inventory.reservation_line (reservation_id, product_id, quantity)
      SELECT r.id, x.product_id, x.quantity
        FROM r, unnest(${r.lines.map((l) => l.productId)}::uuid[], ${r.lines.map((l) => l.quantity)}::int[]) AS x(product_id, quantity)
    )
    SELECT ${COLUMNS_OF_R} FROM r`;
  const row = rows[0];
  return row ? { ...row, lines: [...r.lines] } : null;
}

/** A reservation with its lines; `lock` takes its row lock (FOR UPDATE) until the transaction ends. */
export async function readReservation(db: InventoryReader, id: string, lock: boolean): Promise<ReservationRow | null> {
  const rows = await db.$queryRaw<ReservationRow[]>`
    SELECT ${COLUMNS_OF_R}, ${LINES_OF_R} FROM inventory.reservation r WHERE r.id = ${id}::uuid ${lock ? Prisma.sql`FOR UPDATE OF r` : Prisma.empty}`;
  return rows[0] ?? null;
}

/**
 * A RELEASED reservation without store nor lines for an id never reserved, so that a reserve
 * arriving later answers CLOSED; null when the id exists (a concurrent reserve got there first).
 */
export async function insertTombstone(tx: InventoryTx, id: string, releaseReason: string): Promise<ReservationRow | null> {
  const rows = await tx.$queryRaw<Omit<ReservationRow, 'lines'>[]>`
    INSERT INTO inventory.reservation AS r (id, store_id, status, release_reason, created_at, updated_at)
    VALUES (${id}::uuid, NULL, 'RELEASED', ${releaseReason}, now(), now())
    ON CONFLICT (id) DO NOTHING
    RETURNING ${COLUMNS_OF_R}`;
  const row = rows[0];
  return row ? { ...row, lines: [] } : null;
}

/** Moves a reservation (locked by the caller) from ACTIVE to its final status; the reason goes with RELEASED only. */
export async function closeReservation(tx: InventoryTx, id: string, status: Exclude<ReservationStatus, 'ACTIVE'>, releaseReason: string | null): Promise<ReservationRow> {
  const rows = await tx.$queryRaw<ReservationRow[]>`
    UPDATE inventory.reservation r
       SET status = ${status}::inventory."ReservationStatus", release_reason = ${status === 'RELEASED' ? releaseReason : null}, updated_at = now()
     WHERE r.id = ${id}::uuid AND r.status = 'ACTIVE'
    RETURNING ${COLUMNS_OF_R}, ${LINES_OF_R}`;
  const row = rows[0];
  if (!row) throw new Error(`reservation ${id} is not ACTIVE (its row lock should have kept it so)`);
  return row;
}

export interface ActiveReservation {
  id: string;
  storeId: string;
  createdAt: Date;
}

/** The oldest ACTIVE reservations created before `createdBefore` (the (status, created_at) index). */
export function listActiveReservations(db: InventoryReader, createdBefore: Date, limit: number): Promise<ActiveReservation[]> {
  return db.$queryRaw<ActiveReservation[]>`
    SELECT id::text AS id, store_id::text AS "storeId", created_at AS "createdAt" FROM inventory.reservation
     WHERE status = 'ACTIVE' AND created_at < ${createdBefore.toISOString()}::timestamptz
     ORDER BY created_at, id LIMIT ${limit}`;
}
