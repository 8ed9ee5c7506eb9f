/**
 * Reservations (stock held for an order during checkout): which finishing call changes what, and
 * which lines lack stock. Pure; src/services/reservations.ts applies the decisions in one
 * transaction each. An ACTIVE reservation is sold (payment captured) or released (payment failed,
 * checkout expired, reconciled); both are final, and repeating the call that got there changes
 * nothing, so orders may retry every call.
 */
import type { ReservationShortage, ReservationStatus } from '@miw/contracts';

export type FinishAction = 'sell' | 'release';

/** The final status each finishing call leads to. */
export const FINAL_STATUS: Record<FinishAction, Exclude<ReservationStatus, 'ACTIVE'>> = { sell: 'SOLD', release: 'RELEASED' };

/**
 * What a finishing call does to a reservation in `status`: `apply` moves its stock, `unchanged`
 * answers it as it is (a repeated call), `conflict` refuses (selling a released reservation,
 * releasing a sold one: the other final state won).
 */
export function finishDecision(status: ReservationStatus, action: FinishAction): 'apply' | 'unchanged' | 'conflict' {
  if (status === 'ACTIVE') return 'apply';
  return status === FINAL_STATUS[action] ? 'unchanged' : 'conflict';
}

/** Why a finishing call was refused, for the 409 answer. */
export function conflictMessage(status: ReservationStatus, action: FinishAction): string {
  return `the reservation is ${status}: it cannot be ${action === 'sell' ? 'sold' : 'released'}`;
}

export interface RequestedLine {
  productId: string;
  quantity: number;
}

/**
 * The lines whose requested quantity exceeds what is available now (`available` per product id,
 * lower case; a product missing from it has no stock in the store).
 */
export function shortagesOf(lines: readonly RequestedLine[], available: ReadonlyMap<string, number>): ReservationShortage[] {
  return lines
    .map((l) => ({ productId: l.productId, requested: l.quantity, available: Math.max(available.get(l.productId.toLowerCase()) ?? 0, 0) }))
    .filter((s) => s.available < s.requested);
}

/**
 * The answer to a refused reservation: the lines short of stock by `available` (read under the
 * row locks that refused it, so at least one is short); should none be, the lines that were not
 * reserved (`reserved`: product ids, lower case) with what they have, so a refusal always names why.
 */
export function refusalOf(lines: readonly RequestedLine[], reserved: ReadonlySet<string>, available: ReadonlyMap<string, number>): ReservationShortage[] {
  const short = shortagesOf(lines, available);
  if (short.length) return short;
  return lines
    .filter((l) => !reserved.has(l.productId.toLowerCase()))
    .map((l) => ({ productId: l.productId, requested: l.quantity, available: Math.max(available.get(l.productId.toLowerCase()) ?? 0, 0) }));
}
