/**
 * Reservations: stock held for an order during checkout, all-or-nothing and synchronously, then
 * sold or released (orders calls these through src/internal.ts). Every call is one transaction
 * and idempotent by the reservation id (the order id), so orders may retry any of them. The stock
 * moves through `moveStock` (conditional update, movement row, level and low-stock events in the
 * outbox), never around it; each level event names the store's partner and its product's maker.
 */
import type { ListReservationsResponse, Reservation, ReservationShortage, ReserveRequest, ReserveResponse } from '@miw/contracts';
import { iso } from '@miw/contracts';
import type { InventoryContext } from '../context';
import type { Audience } from '../domain/audience';
import { fail } from '../domain/failure';
import { inLockOrder, saleOfReserved } from '../domain/movement';
import { conflictMessage, FINAL_STATUS, finishDecision, shortagesOf, type FinishAction, type RequestedLine } from '../domain/reservation';
import { transaction, type InventoryTx } from '../data/db';
import { availableAt } from '../data/levels';
import { findStores, levelAudiences } from '../data/projection';
import { closeReservation, insertReservation, insertTombstone, listActiveReservations, readReservation, type ReservationRow } from '../data/reservations';
import { storeOfRegion } from './access';
import { moveStock } from './levels';

/** How often a refused reservation is tried again when, re-read, no line lacks stock any more. */
const RESERVE_ATTEMPTS = 3;

/** The API shape of a reservation (ISO dates). */
function reservationOf(row: ReservationRow): Reservation {
  return {
    id: row.id,
    storeId: row.storeId,
    status: row.status,
    lines: row.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** Thrown inside the reserve transaction to roll it back: this line lacks stock. */
class LineShort extends Error {
  constructor(readonly productId: string) {
    super(`not enough stock of product ${productId}`);
  }
}

/**
 * Reserves every line or nothing. The store must be a store of this region in the catalog
 * projection (a NOT_FOUND DomainFailure otherwise). An id seen before answers its current state
 * (RESERVED while ACTIVE, CLOSED once SOLD or RELEASED) and reserves nothing more. A refusal rolls
 * everything back (no reservation, no movement, no event) and names every short line with what
 * is available now.
 */
export async function reserveStock(ctx: InventoryContext, request: ReserveRequest): Promise<ReserveResponse> {
  const store = await storeOfRegion(ctx, request.storeId.toLowerCase(), 'storeId');
  const lines = inLockOrder(request.lines.map((l) => ({ productId: l.productId.toLowerCase(), quantity: l.quantity })));
  const audiences = await levelAudiences(ctx.db, store.partnerOrganizationId, lines.map((l) => l.productId));
  const id = request.reservationId.toLowerCase();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction(ctx.db, (tx) => reserveInTx(tx, ctx, { id, storeId: store.id, lines }, audiences));
    } catch (error) {
      if (!(error instanceof LineShort)) throw error;
      const available = await availabilityOf(ctx, store.id, lines);
      const shortages = shortagesOf(lines, available);
      // Stock freed between the refusal and the re-read: the refusal is stale, try again.
      if (shortages.length === 0 && attempt < RESERVE_ATTEMPTS) continue;
      ctx.logger.info({ reservationId: id, shortages: shortages.length }, 'reservation refused: out of stock');
      return { outcome: 'OUT_OF_STOCK', shortages: shortages.length ? shortages : refusedLine(lines, error.productId, available) };
    }
  }
}

async function reserveInTx(tx: InventoryTx, ctx: InventoryContext, r: { id: string; storeId: string; lines: RequestedLine[] }, audiences: Map<string, Audience>): Promise<ReserveResponse> {
  const inserted = await insertReservation(tx, r);
  if (!inserted) {
    // Seen before (a retry, or a concurrent call with the same id that committed first).
    const existing = await readReservation(tx, r.id, false);
    if (!existing) throw new Error(`reservation ${r.id} conflicted on insert but cannot be read`);
    return { outcome: existing.status === 'ACTIVE' ? 'RESERVED' : 'CLOSED', reservation: reservationOf(existing) };
  }
  for (const line of r.lines) {
    const move = { storeId: r.storeId, productId: line.productId, reason: 'RESERVED' as const, delta: line.quantity, note: `reservation ${r.id}` };
    if (!(await moveStock(tx, ctx, move, audiences.get(line.productId)!))) throw new LineShort(line.productId);
  }
  ctx.logger.info({ reservationId: r.id, lines: r.lines.length }, 'stock reserved');
  return { outcome: 'RESERVED', reservation: reservationOf(inserted) };
}

/** Units available now per product id of `lines` in the store (absent: none). */
async function availabilityOf(ctx: InventoryContext, storeId: string, lines: readonly RequestedLine[]): Promise<Map<string, number>> {
  const rows = await availableAt(ctx.db, lines.map((l) => ({ storeId, productId: l.productId })));
  return new Map(rows.map((r) => [r.productId, r.available]));
}

/** The refused line with what it has now, when every re-read said there was enough (stock kept moving under us). */
function refusedLine(lines: readonly RequestedLine[], productId: string, available: ReadonlyMap<string, number>): ReservationShortage[] {
  const line = lines.find((l) => l.productId === productId)!;
  return [{ productId, requested: line.quantity, available: available.get(productId) ?? 0 }];
}

/** A finished call: the reservation as it is now and, when the call was refused (409), why. */
export interface Finished {
  reservation: Reservation;
  conflict: string | null;
}

/**
 * Sells an ACTIVE reservation: per line one SOLD movement (delta -quantity) lowering both onHand
 * and reserved. Already SOLD: unchanged. RELEASED: a conflict. Unknown id: NOT_FOUND.
 */
export function sellReservation(ctx: InventoryContext, id: string): Promise<Finished> {
  return finish(ctx, id.toLowerCase(), 'sell', null);
}

/**
 * Releases an ACTIVE reservation: per line one RELEASED movement (delta -quantity) lowering
 * reserved. Already RELEASED: unchanged. SOLD: a conflict. Unknown id: a tombstone (RELEASED,
 * no store, no lines) is written and answered, so a reserve arriving later answers CLOSED.
 */
export function releaseReservation(ctx: InventoryContext, id: string, reason: string): Promise<Finished> {
  return finish(ctx, id.toLowerCase(), 'release', reason);
}

async function finish(ctx: InventoryContext, id: string, action: FinishAction, reason: string | null): Promise<Finished> {
  const finished = await transaction(ctx.db, async (tx): Promise<Finished> => {
    const row = await lockedOrTombstone(tx, id, action, reason);
    const decision = finishDecision(row.status, action);
    if (decision !== 'apply') return { reservation: reservationOf(row), conflict: decision === 'conflict' ? conflictMessage(row.status, action) : null };
    await moveReservedStock(tx, ctx, row, action);
    return { reservation: reservationOf(await closeReservation(tx, id, FINAL_STATUS[action], reason)), conflict: null };
  });
  ctx.logger.info({ reservationId: id, action, status: finished.reservation.status, conflict: finished.conflict !== null }, 'reservation finished');
  return finished;
}

/** The reservation under its row lock; for a release of an unknown id, a new tombstone. */
async function lockedOrTombstone(tx: InventoryTx, id: string, action: FinishAction, reason: string | null): Promise<ReservationRow> {
  const row = await readReservation(tx, id, true);
  if (row) return row;
  if (action === 'release') {
    const tombstone = await insertTombstone(tx, id, reason!);
    if (tombstone) return tombstone;
    // A concurrent reserve inserted the id meanwhile (the insert waited for it to commit): release that.
    const reserved = await readReservation(tx, id, true);
    if (reserved) return reserved;
  }
  return fail('NOT_FOUND', 'id', 'no reservation has this id');
}

/**
 * The movements of a sale or release, one per line in lock order. A refusal means the level no
 * longer holds the reserved units (changed by hand through adjustInventory): an invariant broken
 * outside this flow, so the call fails (rolled back, answered 500) rather than inventing stock.
 */
async function moveReservedStock(tx: InventoryTx, ctx: InventoryContext, row: ReservationRow, action: FinishAction): Promise<void> {
  const storeId = row.storeId;
  if (!storeId) throw new Error(`reservation ${row.id} is ACTIVE without a store`);
  // Read through the transaction: another pool connection here could wait forever on a busy pool.
  const [store] = await findStores(tx, [storeId]);
  const audiences = await levelAudiences(tx, store?.partnerOrganizationId ?? null, row.lines.map((l) => l.productId));
  for (const line of inLockOrder(row.lines)) {
    const move =
      action === 'sell'
        ? { storeId, productId: line.productId, reason: 'SOLD' as const, delta: -line.quantity, effect: saleOfReserved(line.quantity), note: `reservation ${row.id}` }
        : { storeId, productId: line.productId, reason: 'RELEASED' as const, delta: -line.quantity, note: `reservation ${row.id}` };
    if (!(await moveStock(tx, ctx, move, audiences.get(line.productId)!))) {
      throw new Error(`reservation ${row.id}: the level of product ${line.productId} no longer holds ${line.quantity} reserved units`);
    }
  }
}

/** The oldest ACTIVE reservations created before `createdBefore` (orders' reconciler). */
export async function activeReservations(ctx: InventoryContext, createdBefore: Date, limit: number): Promise<ListReservationsResponse> {
  const rows = await listActiveReservations(ctx.db, createdBefore, limit);
  return { reservations: rows.map((r) => ({ id: r.id, storeId: r.storeId, createdAt: iso(r.createdAt) })) };
}
