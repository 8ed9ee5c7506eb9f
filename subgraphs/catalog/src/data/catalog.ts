/** Every catalog query. Reads take the client; writes take the transaction they belong to. */
import type { CatalogDb, CatalogTx, Category, Manufacturer, Product, Store } from './db';
import { Prisma } from './db';

const live = { deletedAt: null };

export const findProducts = (db: CatalogDb, ids: readonly string[]): Promise<Product[]> =>
  db.product.findMany({ where: { id: { in: [...ids] }, ...live } });

export const findManufacturers = (db: CatalogDb, ids: readonly string[]): Promise<Manufacturer[]> =>
  db.manufacturer.findMany({ where: { id: { in: [...ids] }, ...live } });

export const findCategories = (db: CatalogDb, ids: readonly string[]): Promise<Category[]> =>
  db.category.findMany({ where: { id: { in: [...ids] }, ...live } });

export const findStores = (db: CatalogDb, ids: readonly string[]): Promise<Store[]> =>
  db.store.findMany({ where: { id: { in: [...ids] }, ...live } });

/** One page of products ordered by (createdAt, id), `limit` rows after the cursor. */
export function listProducts(db: CatalogDb, limit: number, after?: { createdAt: Date; id: string }): Promise<Product[]> {
  const where: Prisma.ProductWhereInput = after
    ? { ...live, OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }
    : live;
  return db.product.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit });
}

export const countProducts = (db: CatalogDb): Promise<number> => db.product.count({ where: live });

export const listCategories = (db: CatalogDb): Promise<Category[]> =>
  db.category.findMany({ where: live, orderBy: [{ parentId: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }] });

export const listStores = (db: CatalogDb, region?: 'eu' | 'cn'): Promise<Store[]> =>
  db.store.findMany({ where: { ...live, ...(region ? { region } : {}) }, orderBy: { code: 'asc' } });

export const insertProduct = (tx: CatalogTx, data: Prisma.ProductUncheckedCreateInput): Promise<Product> => tx.product.create({ data });
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
