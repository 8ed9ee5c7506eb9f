/**
 * Relay cursor connections. Cursors are opaque (base64url of a JSON tuple) and validated: a
 * forged or foreign cursor is a BAD_USER_INPUT error, never a database error.
 */
import { isUuid } from '@miw/contracts';
import { userInputError } from './errors';

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  if (first == null) return fallback;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw userInputError(`first must be an integer between 0 and ${MAX_PAGE_SIZE}`, { field: 'first' });
  }
  return first;
}

export function encodeCursor(kind: string, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values])).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, arity: number): (string | number)[] {
  try {
    if (cursor.length > 512) throw new Error('too long');
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed[0] !== kind || parsed.length !== arity + 1) throw new Error('shape');
    const values = parsed.slice(1) as unknown[];
    if (!values.every((v) => typeof v === 'string' || typeof v === 'number')) throw new Error('values');
    return values as (string | number)[];
  } catch {
    throw userInputError('after is not a valid cursor for this list', { field: 'after' });
  }
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount?: number;
}

/** Builds a connection from `size + 1` fetched rows (the extra row tells whether there is a next page). */
export function toConnection<T>(rows: T[], size: number, cursorOf: (row: T) => string, hasPrevious: boolean): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A position in a list ordered by (createdAt, id): the keyset every list of this project pages on. */
export interface TimeCursor {
  createdAt: Date;
  id: string;
}

/** Cursor functions for one kind of (createdAt, id) list. */
export function timeCursor(kind: string) {
  return {
    encode: (row: TimeCursor): string => encodeCursor(kind, [row.createdAt.toISOString(), row.id]),
    /** undefined for no cursor; BAD_USER_INPUT for a forged, foreign or malformed one. */
    decode(cursor: string | null | undefined): TimeCursor | undefined {
      if (!cursor) return undefined;
      const [createdAt, id] = decodeCursor(kind, cursor, 2);
      const date = new Date(String(createdAt));
      if (Number.isNaN(date.getTime()) || !isUuid(String(id))) throw userInputError('after is not a valid cursor for this list', { field: 'after' });
      return { createdAt: date, id: String(id).toLowerCase() };
    },
  };
}

/**
 * The rows after `after` in a list ordered by (createdAt, id), ascending or descending, as a Prisma
 * `where` condition (merge it into the list's other conditions).
 */
export function afterTimeCursor(after: TimeCursor, order: 'asc' | 'desc') {
  return order === 'asc'
    ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
    : { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] };
}
