import type { CatalogContext } from '../context';
import type * as Row from '../data/db';
import type { StoreWithDistance } from '../data/stores';

const reference =
  <K extends 'product' | 'manufacturer' | 'category' | 'store'>(loader: K) =>
  ({ id }: { id: string }, ctx: CatalogContext) =>
    ctx.loaders[loader].load(id);

export const Product = {
  __resolveReference: reference('product'),
  price: (p: Row.Product) => ({ amount: p.priceAmount, currency: p.currency }),
  images: (p: Row.Product) => p.images ?? [],
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
  children: (c: Row.Category, _: unknown, ctx: CatalogContext) => ctx.loaders.children.load(c.id),
  async path(c: Row.Category, _: unknown, ctx: CatalogContext) {
    const ancestors = await ctx.loaders.ancestors.load(c.id);
    const rows = await ctx.loaders.category.loadMany(ancestors?.ancestorIds ?? []);
    return rows.filter((r): r is Row.Category => Boolean(r) && !(r instanceof Error));
  },
};

export const Store = {
  __resolveReference: reference('store'),
  partnerOrganization: (s: Row.Store) => (s.partnerOrganizationId ? { id: s.partnerOrganizationId } : null),
  location: (s: Row.Store) => (s.latitude != null && s.longitude != null ? { lat: s.latitude, lng: s.longitude } : null),
  distanceKm: (s: StoreWithDistance) => s.distanceKm ?? null,
};
