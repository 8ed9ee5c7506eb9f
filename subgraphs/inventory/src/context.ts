import DataLoader from 'dataloader';
import type { Logger } from '@miw/logging';
import { isUuid } from '@miw/service-kit';
import type { InventoryDb, InventoryLevel } from './data/db';
import { findLevels, findLevelsByProducts, findLevelsByStores } from './data/levels';

export interface InventoryContext {
  db: InventoryDb;
  correlationId: string;
  logger: Logger;
  loaders: ReturnType<typeof createLoaders>;
}

/** Loads rows for many keys in one query and hands each key its rows. */
function grouped(load: (keys: readonly string[]) => Promise<InventoryLevel[]>, keyOf: (row: InventoryLevel) => string) {
  return new DataLoader<string, InventoryLevel[]>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const byKey = new Map<string, InventoryLevel[]>();
    for (const row of rows) byKey.set(keyOf(row), [...(byKey.get(keyOf(row)) ?? []), row]);
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

export function createLoaders(db: InventoryDb) {
  return {
    level: new DataLoader<string, InventoryLevel | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length ? await findLevels(db, valid) : [];
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    levelsByProduct: grouped((ids) => findLevelsByProducts(db, ids), (r) => r.productId),
    levelsByStore: grouped((ids) => findLevelsByStores(db, ids), (r) => r.storeId),
  };
}
