/**
 * A table of allowed status transitions. `assertTransition` answers the domain error every
 * supply-chain mutation returns for a move the table does not allow, naming the current state.
 */
import type { InventoryErrorCode } from '../schema.generated';

export type Transitions<S extends string> = Record<S, readonly S[]>;

export interface TransitionError {
  code: Extract<InventoryErrorCode, 'INVALID_TRANSITION'>;
  field: null;
  message: string;
  currentStatus: string;
}

export function canTransition<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** null when allowed; otherwise the typed error naming the current status. */
export function transitionError<S extends string>(table: Transitions<S>, entity: string, from: S, to: S): TransitionError | null {
  if (canTransition(table, from, to)) return null;
  const allowed = table[from];
  return {
    code: 'INVALID_TRANSITION',
    field: null,
    currentStatus: from,
    message: `${entity} is ${from}: it cannot become ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no further change allowed)'}`,
  };
}

/** Statuses from which `to` may be reached (for conditional UPDATE ... WHERE status IN (...)). */
export function sourcesOf<S extends string>(table: Transitions<S>, to: S): S[] {
  return (Object.keys(table) as S[]).filter((from) => table[from].includes(to));
}
