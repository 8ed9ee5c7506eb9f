/**
 * The state of a row as its transaction sees it before an admin's change, for the audit entry's
 * `before` (the loaders' copy may be older than the transaction).
 */
import type { CatalogTx, Category, Manufacturer, Product, Store } from './db';

export const currentProduct = (tx: CatalogTx, id: string): Promise<Product | null> => tx.product.findUnique({ where: { id } });
export const currentManufacturer = (tx: CatalogTx, id: string): Promise<Manufacturer | null> => tx.manufacturer.findUnique({ where: { id } });
export const currentCategory = (tx: CatalogTx, id: string): Promise<Category | null> => tx.category.findUnique({ where: { id } });
export const currentStore = (tx: CatalogTx, id: string): Promise<Store | null> => tx.store.findUnique({ where: { id } });
