/** Inventory queries. */
import type { InventoryDb, InventoryLevel } from './db';

export const findLevels = (db: InventoryDb, ids: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { id: { in: [...ids] } } });

export const findLevelsByProducts = (db: InventoryDb, productIds: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { productId: { in: [...productIds] } }, orderBy: [{ storeId: 'asc' }] });

export const findLevelsByStores = (db: InventoryDb, storeIds: readonly string[]): Promise<InventoryLevel[]> =>
  db.inventoryLevel.findMany({ where: { storeId: { in: [...storeIds] } }, orderBy: [{ productId: 'asc' }] });
