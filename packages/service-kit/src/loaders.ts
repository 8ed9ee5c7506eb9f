/**
 * Per-request DataLoaders: N entity references or N parents cost one query, not N.
 * Ids that are not UUIDs resolve to null (or no children) without touching the database.
 */
import DataLoader from 'dataloader';
import { isUuid } from '@miw/contracts';

/** One row per id (null when missing). Ids compare case-insensitively, as PostgreSQL's uuid does. */
export function byIdLoader<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = valid.length ? await load(valid) : [];
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => (isUuid(id) ? (map.get(id.toLowerCase()) ?? null) : null));
  });
}

/** Every row whose `keyOf(row)` is the key (e.g. the items of N orders), in one query. */
export function groupLoader<T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const valid = [...new Set(keys.filter(isUuid).map((k) => k.toLowerCase()))];
    const groups = new Map<string, T[]>(valid.map((k) => [k, []]));
    if (valid.length) for (const row of await load(valid)) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => (isUuid(k) ? (groups.get(k.toLowerCase()) ?? []) : []));
  });
}
