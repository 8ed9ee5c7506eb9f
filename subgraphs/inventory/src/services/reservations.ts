/**
 * Reservations: stock held for an order during checkout, all-or-nothing and synchronously, then
 * sold or released (orders calls these through src/internal.ts). Every call is one transaction
 * and idempotent by the reservation id (the order id), so orders may retry any of them. They are
 * the hot path of a checkout, so each runs a constant number of statements on the pg pool
 * whatever its number of lines (src/data/reservations.ts): one statement writes the reservation
 * and moves every level (locked in product-id order, one movement each), one writes all the level
 * and low-stock events to the outbox. Each level event names the store's partner and its
 * product's maker.
 */
import type { Pool, PoolClient } from 'pg';
import type { ListReservationsResponse, OutboxMessage, RegionCode, Reservation, ReservationShortage, ReserveRequest, ReserveResponse } from '@miw/contracts';
import { iso } from '@miw/contracts';
import { inTransaction, writeOutbox } from '@miw/events';
import type { Logger } from '@miw/logging';
import { audienceOf } from '../domain/audience';
import { fail } from '../domain/failure';
import { crossedIntoLowStock, effectOf, inLockOrder, saleOfReserved, type LevelEffect } from '../domain/movement';
import { conflictMessage, FINAL_STATUS, finishDecision, refusalOf, type FinishAction, type RequestedLine } from '../domain/reservation';
import type { LevelMoveLine, MovedLevel, MovementOfMoves } from '../data/levels';
import { closeReservation, insertTombstone, listActiveReservations, readReservation, reserveLevels, type ReservationRow } from '../data/reservations';
import { levelChanged, levelPayload, lowStockCrossed } from '../events/inventory-events';

/**
 * What a reservation call needs: the service's pg pool (the hot path runs in plain SQL), the
 * region it serves, and the caller's correlation id (on movements, events and log lines). No
 * viewer: these calls come from orders, so the movements they write have no actor.
 */
export interface ReservationContext {
  pool: Pool;
  region: RegionCode;
  correlationId: string;
  logger: Logger;
}

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

/** Thrown inside the reserve transaction to roll it back: these lines lack stock. */
class Refused extends Error {
  constructor(readonly shortages: ReservationShortage[]) {
    super('not enough stock');
  }
}

/**
 * Reserves every line or nothing. The store must be a store of this region in the catalog
 * projection (a NOT_FOUND DomainFailure otherwise). An id seen before answers its current state
 * (RESERVED while ACTIVE, CLOSED once SOLD or RELEASED) and reserves nothing more. A refusal rolls
 * everything back (no reservation, no movement, no event) and names every short line with what
 * was available under the lock that refused it.
 */
export async function reserveStock(ctx: ReservationContext, request: ReserveRequest): Promise<ReserveResponse> {
  const storeId = request.storeId.toLowerCase();
  const id = request.reservationId.toLowerCase();
  const lines = inLockOrder(request.lines.map((l) => ({ productId: l.productId.toLowerCase(), quantity: l.quantity })));
  try {
    return await inTransaction(ctx.pool, (client) => reserveInTx(client, ctx, { id, storeId, lines }));
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    ctx.logger.info({ reservationId: id, shortages: error.shortages.length }, 'reservation refused: out of stock');
    return { outcome: 'OUT_OF_STOCK', shortages: error.shortages };
  }
}

async function reserveInTx(client: PoolClient, ctx: ReservationContext, r: { id: string; storeId: string; lines: RequestedLine[] }): Promise<ReserveResponse> {
  const moves = r.lines.map((l): LevelMoveLine => ({ productId: l.productId, effect: effectOf('RESERVED', l.quantity), delta: l.quantity }));
  const result = await reserveLevels(client, { ...r, region: ctx.region, moves, movement: movementOf(ctx, r.id, 'RESERVED') });
  if (!result.storeKnown) return fail('NOT_FOUND', 'storeId', `no store of the ${ctx.region.toUpperCase()} region has this id`);
  if (!result.reservation) {
    // Seen before (a retry, or a concurrent call with the same id that committed first).
    const existing = await readReservation(client, r.id, false);
    if (!existing) throw new Error(`reservation ${r.id} conflicted on insert but cannot be read`);
    return { outcome: existing.status === 'ACTIVE' ? 'RESERVED' : 'CLOSED', reservation: reservationOf(existing) };
  }
  if (result.moved.length < r.lines.length) {
    throw new Refused(refusalOf(r.lines, new Set(result.moved.map((m) => m.level.productId)), result.available));
  }
  await writeOutbox(client, 'inventory', levelEvents(ctx, effectsOf(moves), result.moved, result.partnerOrganizationId));
  ctx.logger.info({ reservationId: r.id, lines: r.lines.length }, 'stock reserved');
  return { outcome: 'RESERVED', reservation: reservationOf(result.reservation) };
}

/** The movement each level of a reservation call records: no actor (orders calls), noted with the reservation. */
function movementOf(ctx: ReservationContext, id: string, reason: MovementOfMoves['reason']): MovementOfMoves {
  return { reason, actorId: null, correlationId: ctx.correlationId, note: `reservation ${id}` };
}

const effectsOf = (moves: readonly LevelMoveLine[]): Map<string, LevelEffect> => new Map(moves.map((m) => [m.productId, m.effect]));

/**
 * Per moved level (in product-id order), its level event and, when it just became low, its
 * low-stock event; each names the store's partner and the level's own product's maker.
 */
function levelEvents(ctx: ReservationContext, effects: ReadonlyMap<string, LevelEffect>, moved: readonly MovedLevel[], partnerOrganizationId: string | null): OutboxMessage[] {
  return moved.flatMap(({ level, movement, makerOrganizationId }) => {
    const payload = levelPayload(level, movement, audienceOf(partnerOrganizationId, makerOrganizationId));
    return crossedIntoLowStock(level, effects.get(level.productId)!) ? [levelChanged(ctx, payload), lowStockCrossed(ctx, payload)] : [levelChanged(ctx, payload)];
  });
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
export function sellReservation(ctx: ReservationContext, id: string): Promise<Finished> {
  return finish(ctx, id.toLowerCase(), 'sell', null);
}

/**
 * Releases an ACTIVE reservation: per line one RELEASED movement (delta -quantity) lowering
 * reserved. Already RELEASED: unchanged. SOLD: a conflict. Unknown id: a tombstone (RELEASED,
 * no store, no lines) is written and answered, so a reserve arriving later answers CLOSED.
 */
export function releaseReservation(ctx: ReservationContext, id: string, reason: string): Promise<Finished> {
  return finish(ctx, id.toLowerCase(), 'release', reason);
}

/**
 * One transaction. The usual case (an ACTIVE reservation) is one statement closing it and moving
 * its stock, then its events; otherwise the reservation is read under its lock (or a tombstone
 * written) and answered as the decision says, closing it only if it turned out ACTIVE after all
 * (a reserve of the same id that committed while this call waited).
 */
async function finish(ctx: ReservationContext, id: string, action: FinishAction, reason: string | null): Promise<Finished> {
  const finished = await inTransaction(ctx.pool, async (client): Promise<Finished> => {
    const closed = await closeMovingStock(client, ctx, id, action, reason);
    if (closed) return { reservation: reservationOf(closed), conflict: null };
    const row = await lockedOrTombstone(client, id, action, reason);
    const decision = finishDecision(row.status, action);
    if (decision === 'apply') {
      const late = await closeMovingStock(client, ctx, id, action, reason);
      if (!late) throw new Error(`reservation ${id} is ACTIVE under its lock but could not be closed`);
      return { reservation: reservationOf(late), conflict: null };
    }
    return { reservation: reservationOf(row), conflict: decision === 'conflict' ? conflictMessage(row.status, action) : null };
  });
  ctx.logger.info({ reservationId: id, action, status: finished.reservation.status, conflict: finished.conflict !== null }, 'reservation finished');
  return finished;
}

/** The reservation under its row lock; for a release of an unknown id, a new tombstone. */
async function lockedOrTombstone(client: PoolClient, id: string, action: FinishAction, reason: string | null): Promise<ReservationRow> {
  const row = await readReservation(client, id, true);
  if (row) return row;
  if (action === 'release') {
    const tombstone = await insertTombstone(client, id, reason!);
    if (tombstone) return tombstone;
    // A concurrent reserve inserted the id meanwhile (the insert waited for it to commit): release that.
    const reserved = await readReservation(client, id, true);
    if (reserved) return reserved;
  }
  return fail('NOT_FOUND', 'id', 'no reservation has this id');
}

/** What a finishing call does to the counters for `quantity` units of a line (sell: `saleOfReserved`). */
const finishEffect = (action: FinishAction, quantity: number): LevelEffect => (action === 'sell' ? saleOfReserved(quantity) : effectOf('RELEASED', -quantity));

/**
 * Closes the reservation if it is ACTIVE and moves its stock, one movement per line (delta
 * -quantity) in lock order, with their events; null (nothing done) when it is not ACTIVE. A level
 * that no longer holds the reserved units (changed by hand through adjustInventory) is an
 * invariant broken outside this flow, so the call fails (rolled back, answered 500) rather than
 * inventing stock.
 */
async function closeMovingStock(client: PoolClient, ctx: ReservationContext, id: string, action: FinishAction, reason: string | null): Promise<ReservationRow | null> {
  const closed = await closeReservation(client, {
    id,
    status: FINAL_STATUS[action],
    releaseReason: reason,
    perUnit: { effect: finishEffect(action, 1), delta: -1 },
    movement: movementOf(ctx, id, action === 'sell' ? 'SOLD' : 'RELEASED'),
  });
  if (!closed) return null;
  const { reservation, moved, partnerOrganizationId } = closed;
  if (!reservation.storeId) throw new Error(`reservation ${id} is ACTIVE without a store`);
  if (moved.length < reservation.lines.length) {
    const movedIds = new Set(moved.map((m) => m.level.productId));
    const stuck = reservation.lines.find((l) => !movedIds.has(l.productId))!;
    throw new Error(`reservation ${id}: the level of product ${stuck.productId} no longer holds ${stuck.quantity} reserved units`);
  }
  const effects = new Map(reservation.lines.map((l) => [l.productId, finishEffect(action, l.quantity)]));
  await writeOutbox(client, 'inventory', levelEvents(ctx, effects, moved, partnerOrganizationId));
  return reservation;
}

/** The oldest ACTIVE reservations created before `createdBefore` (orders' reconciler). */
export async function activeReservations(ctx: ReservationContext, createdBefore: Date, limit: number): Promise<ListReservationsResponse> {
  const rows = await listActiveReservations(ctx.pool, createdBefore, limit);
  return { reservations: rows.map((r) => ({ id: r.id, storeId: r.storeId, createdAt: iso(r.createdAt) })) };
}
