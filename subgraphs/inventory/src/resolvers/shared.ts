/** Helpers the supply-chain resolvers share: input checks, typed failures, access, stock moves. */
import { forbidden } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { userInputError } from '@miw/service-kit';
import { isUuid } from '@miw/contracts';
import type { InventoryContext } from '../context';
import { audienceOf, visibleTo, type Audience } from '../domain/audience';
import { crossedIntoLowStock, effectOf, type MovementReason } from '../domain/movement';
import type { InventoryLevel, InventoryMovement, InventoryTx } from '../data/db';
import { applyMovement } from '../data/levels';
import { levelChanged, levelSnapshot, lowStockCrossed } from '../events/inventory-events';

export type InventoryErrorCode = 'INVALID' | 'NOT_FOUND' | 'INSUFFICIENT_STOCK' | 'INVALID_TRANSITION' | 'ALREADY_VERIFIED' | 'NOT_A_LOGISTICS_ORGANIZATION';

/** One typed payload error (`InventoryError` in the schema). */
export interface InventoryError {
  code: InventoryErrorCode;
  field: string | null;
  message: string;
  currentStatus?: string | null;
}

/** An expected failure inside a transaction: thrown to roll it back, answered as payload errors. */
export class DomainFailure extends Error {
  constructor(readonly errors: InventoryError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * Runs `fn` in one transaction. Waiting for a connection may take a while when many writes hit
 * one level at once (each holds its row lock briefly): wait rather than fail.
 */
export const inTransaction = <T>(ctx: InventoryContext, fn: (tx: InventoryTx) => Promise<T>): Promise<T> => ctx.db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 });

/** Runs `fn`; a DomainFailure becomes `{ errors }` merged into the empty payload. */
export async function attempt<E extends object, P extends object>(empty: E, fn: () => Promise<P>): Promise<(E | P) & { errors: InventoryError[] }> {
  try {
    return { ...(await fn()), errors: [] };
  } catch (error) {
    if (error instanceof DomainFailure) return { ...empty, errors: error.errors };
    throw error;
  }
}

/** A change the object's current status does not allow (outside the transition tables' own errors). */
export const wrongState = (currentStatus: string, message: string): DomainFailure =>
  new DomainFailure([{ code: 'INVALID_TRANSITION', field: null, currentStatus, message }]);

export const fail = (code: InventoryErrorCode, field: string | null, message: string): never => {
  throw new DomainFailure([{ code, field, message }]);
};

/** A malformed id is a problem of the request itself (BAD_USER_INPUT), not a domain outcome. */
export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw userInputError(`${field} must be a UUID`, { field });
  return value.toLowerCase();
}

/** Trims optional text and enforces its length (BAD_USER_INPUT beyond it). */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null) return null;
  const text = value.trim();
  if (text.length > max) throw userInputError(`${field} must be at most ${max} characters`, { field });
  return text.length ? text : null;
}

export function requiredText(value: string, field: string, max: number): string {
  const text = optionalText(value, field, max);
  if (!text) throw userInputError(`${field} must not be empty`, { field });
  return text;
}

/** Row level: refuses with FORBIDDEN unless the viewer is an admin or named in the audience. */
export function requireVisible(ctx: InventoryContext, audience: Audience, what: string): void {
  if (!visibleTo(ctx.viewer, audience)) throw forbidden(`You may not see or change this ${what}`);
}

/** The store of this region an id names, from the catalog projection; a payload error when unknown. */
export async function storeOfRegion(ctx: InventoryContext, storeId: string, field: string) {
  const store = await ctx.loaders.store.load(storeId);
  if (!store || store.region !== ctx.region) return fail('NOT_FOUND', field, `no store of the ${ctx.region.toUpperCase()} region has this id`);
  return store;
}

/** Stock of a store is the business of admins and the partner running it. */
export function requireStorePartner(ctx: InventoryContext, partnerOrganizationId: string | null): void {
  if (ctx.viewer?.role === 'ADMIN') return;
  if (ctx.viewer?.role !== 'PARTNER' || !visibleTo(ctx.viewer, audienceOf(partnerOrganizationId))) throw forbidden('Only admins and the partner running this store may do this');
}

export interface StockMove {
  storeId: string;
  productId: string;
  reason: MovementReason;
  delta: number;
  note?: string | null;
  shipmentId?: string | null;
}

/**
 * Moves stock in `tx`: the conditional update, its movement row, the level event and, when the
 * level just became low, the low-stock event. null when the move would make stock negative.
 */
export async function moveStock(tx: InventoryTx, ctx: InventoryContext, move: StockMove, audience: Audience): Promise<{ level: InventoryLevel; movement: InventoryMovement } | null> {
  const effect = effectOf(move.reason, move.delta);
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
  const snapshot = levelSnapshot(level, movement, audience);
  const events = [levelChanged(ctx, snapshot)];
  if (crossedIntoLowStock(level, effect)) events.push(lowStockCrossed(ctx, snapshot));
  await writeOutbox(tx, 'inventory', events);
  return { level, movement };
}
