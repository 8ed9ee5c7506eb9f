import type { CatalogContext } from '../context';
import type * as Row from '../data/db';

const reference =
  <K extends 'product' | 'manufacturer' | 'category' | 'store'>(loader: K) =>
  ({ id }: { id: string }, ctx: CatalogContext) =>
    ctx.loaders[loader].load(id);

export const Product = {
  __resolveReference: reference('product'),
  price: (p: Row.Product) => ({ amount: p.priceAmount, currency: p.currency }),
  manufacturer: (p: Row.Product, _: unknown, ctx: CatalogContext) => (p.manufacturerId ? ctx.loaders.manufacturer.load(p.manufacturerId) : null),
  category: (p: Row.Product, _: unknown, ctx: CatalogContext) => (p.categoryId ? ctx.loaders.category.load(p.categoryId) : null),
};

export const Manufacturer = {
  __resolveReference: reference('manufacturer'),
  organization: (m: Row.Manufacturer) => (m.organizationId ? { id: m.organizationId } : null),
};

export const Category = {
  __resolveReference: reference('category'),
  parent: (c: Row.Category, _: unknown, ctx: CatalogContext) => (c.parentId ? ctx.loaders.category.load(c.parentId) : null),
};

export const Store = {
  __resolveReference: reference('store'),
  partnerOrganization: (s: Row.Store) => (s.partnerOrganizationId ? { id: s.partnerOrganizationId } : null),
};
