/**
 * Catalog queries through Prisma. Reads take the client; writes take the transaction they belong
 * to. The hot reads by id are in ./reads.ts.
 */
import { afterTimeCursor } from '@miw/service-kit';
import type { CatalogDb, CatalogTx, Category, Manufacturer, Product, Store } from './db';
import { Prisma } from './db';

const live = { deletedAt: null };

export const findStores = (db: CatalogDb, ids: readonly string[]): Promise<Store[]> =>
  db.store.findMany({ where: { id: { in: [...ids] }, ...live } });

/** A page of live manufacturers in (createdAt, id) order, after `after`, optionally whose name contains `search`. */
export function listManufacturers(db: CatalogDb, search: string | undefined, limit: number, after?: { createdAt: Date; id: string }): Promise<Manufacturer[]> {
  const where: Prisma.ManufacturerWhereInput = {
    ...live,
    // Prisma passes `contains` to ILIKE as is: escape its wildcards so the text matches literally.
    ...(search ? { name: { contains: search.replace(/[\\%_]/g, (c) => `\\${c}`), mode: 'insensitive' } } : {}),
    ...(after ? afterTimeCursor(after, 'asc') : {}),
  };
  return db.manufacturer.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit });
}

export const listCategories = (db: CatalogDb): Promise<Category[]> =>
  db.category.findMany({ where: live, orderBy: [{ parentId: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }] });

export const insertProduct = (tx: CatalogTx, data: Prisma.ProductUncheckedCreateInput): Promise<Product> => tx.product.create({ data });
export const insertManufacturer = (tx: CatalogTx, data: Prisma.ManufacturerUncheckedCreateInput): Promise<Manufacturer> => tx.manufacturer.create({ data });
export const insertCategory = (tx: CatalogTx, data: Prisma.CategoryUncheckedCreateInput): Promise<Category> => tx.category.create({ data });
export const insertStore = (tx: CatalogTx, data: Prisma.StoreUncheckedCreateInput): Promise<Store> => tx.store.create({ data });

// Updates take the stamp from `stampUpdate` (data/writes.ts) as updatedAt.
export const updateProductRow = (tx: CatalogTx, id: string, data: Prisma.ProductUncheckedUpdateInput): Promise<Product> => tx.product.update({ where: { id }, data });
export const updateManufacturerRow = (tx: CatalogTx, id: string, data: Prisma.ManufacturerUncheckedUpdateInput): Promise<Manufacturer> =>
  tx.manufacturer.update({ where: { id }, data });
export const updateCategoryRow = (tx: CatalogTx, id: string, data: Prisma.CategoryUncheckedUpdateInput): Promise<Category> => tx.category.update({ where: { id }, data });
export const updateStoreRow = (tx: CatalogTx, id: string, data: Prisma.StoreUncheckedUpdateInput): Promise<Store> => tx.store.update({ where: { id }, data });

export const liveProductsOfManufacturer = (tx: CatalogTx, manufacturerId: string): Promise<number> => tx.product.count({ where: { manufacturerId, ...live } });
export const upsertManufacturer = (tx: CatalogTx, data: Prisma.ManufacturerUncheckedCreateInput): Promise<Manufacturer> =>
  tx.manufacturer.upsert({ where: { id: data.id! }, create: data, update: data });
export const upsertCategory = (tx: CatalogTx, data: Prisma.CategoryUncheckedCreateInput): Promise<Category> =>
  tx.category.upsert({ where: { id: data.id! }, create: data, update: data });
export const upsertStore = (tx: CatalogTx, data: Prisma.StoreUncheckedCreateInput): Promise<Store> =>
  tx.store.upsert({ where: { id: data.id! }, create: data, update: data });

/** True when the error is a unique-constraint violation on `field`. */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
  const fields = [
    ...(Array.isArray(meta?.target) ? meta.target : typeof meta?.target === 'string' ? [meta.target] : []),
    ...(meta?.driverAdapterError?.cause?.constraint?.fields ?? []),
  ].map(String);
  return fields.length === 0 || fields.some((f) => f.replace(/"/g, '').includes(field));
}
