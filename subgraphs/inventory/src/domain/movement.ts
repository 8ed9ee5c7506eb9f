/**
 * Stock movements: which quantity a reason moves and in which direction, and what "low stock"
 * means. Pure; the conditional UPDATE in src/data/levels.ts applies the effect atomically.
 */
import type { MOVEMENT_REASONS } from '@miw/contracts';

/** The reasons of the schema's `MovementReason` enum (listed once, in the event contract). */
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** The change to a level's two counters. */
export interface LevelEffect {
  onHand: number;
  reserved: number;
}

/** Sign a delta must have for each reason: +1 positive only, -1 negative only, 0 either (never zero). */
const SIGN: Record<MovementReason, 1 | -1 | 0> = { RECEIVED: 1, SOLD: -1, ADJUSTED: 0, RESERVED: 1, RELEASED: -1, DAMAGED: -1 };

/** Largest single movement accepted (guards against overflow and typos). */
export const MAX_MOVEMENT = 1_000_000;

/** Why a delta does not fit its reason, or null when it does. */
export function invalidDelta(reason: MovementReason, delta: number): string | null {
  if (!Number.isInteger(delta) || delta === 0) return 'delta must be a non-zero integer';
  if (Math.abs(delta) > MAX_MOVEMENT) return `delta must be between -${MAX_MOVEMENT} and ${MAX_MOVEMENT}`;
  const sign = SIGN[reason];
  if (sign === 1 && delta < 0) return `a ${reason} movement adds stock: delta must be positive`;
  if (sign === -1 && delta > 0) return `a ${reason} movement removes stock: delta must be negative`;
  return null;
}

/** RESERVED/RELEASED move `reserved`; every other reason moves `onHand`. */
export function effectOf(reason: MovementReason, delta: number): LevelEffect {
  return reason === 'RESERVED' || reason === 'RELEASED' ? { onHand: 0, reserved: delta } : { onHand: delta, reserved: 0 };
}

/**
 * The sale of `quantity` units a reservation held (a SOLD movement of delta -quantity): they
 * leave the shelf and the promise at once, so `available` does not change. A plain SOLD
 * movement (`effectOf`) sells unreserved units instead.
 */
export function saleOfReserved(quantity: number): LevelEffect {
  return { onHand: -quantity, reserved: -quantity };
}

/**
 * Lines in the order their levels are locked: by product id (lower case, as PostgreSQL orders
 * uuids). A transaction changing several levels of a store takes their row locks in this one
 * order, so two of them never wait on each other (no deadlock).
 */
export function inLockOrder<L extends { productId: string }>(lines: readonly L[]): L[] {
  const key = (l: L) => l.productId.toLowerCase();
  return [...lines].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export interface LevelCounters {
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
}

export const availableOf = (l: LevelCounters): number => l.onHand - l.reserved;

/** Low stock: available units at or below the threshold. */
export const isLowStock = (l: LevelCounters): boolean => availableOf(l) <= l.lowStockThreshold;

/**
 * Whether a change crossed into low stock (not low before, low after). Recovering above the
 * threshold re-arms it, so each crossing is reported once.
 */
export function crossedIntoLowStock(after: LevelCounters, effect: LevelEffect): boolean {
  const before = { ...after, onHand: after.onHand - effect.onHand, reserved: after.reserved - effect.reserved };
  return !isLowStock(before) && isLowStock(after);
}

/** Whether raising the threshold made an unchanged level low (the other way into low stock). */
export const thresholdCrossedIntoLowStock = (after: LevelCounters, previousThreshold: number): boolean =>
  !isLowStock({ ...after, lowStockThreshold: previousThreshold }) && isLowStock(after);
