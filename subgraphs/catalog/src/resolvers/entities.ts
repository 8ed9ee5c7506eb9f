import type { CategoryResolvers, ManufacturerResolvers, ProductConnectionResolvers, ProductResolvers, StoreResolvers } from '../schema.generated';

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.product.load(id),
  price: (p) => ({ amount: p.priceAmount, currency: p.currency }),
  images: (p) => p.images ?? [],
  manufacturer: (p, _, ctx) => (p.manufacturerId ? ctx.loaders.manufacturer.load(p.manufacturerId) : null),
  category: (p, _, ctx) => (p.categoryId ? ctx.loaders.category.load(p.categoryId) : null),
};

export const ProductConnection: ProductConnectionResolvers = {
  totalCount: (page) => page.count(),
};

export const Manufacturer: ManufacturerResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.manufacturer.load(id),
  organization: (m) => (m.organizationId ? { id: m.organizationId } : null),
};

export const Category: CategoryResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.category.load(id),
  parent: (c, _, ctx) => (c.parentId ? ctx.loaders.category.load(c.parentId) : null),
  children: (c, _, ctx) => ctx.loaders.children.load(c.id),
  path: async (c, _, ctx) => (await ctx.loaders.ancestors.load(c.id))?.ancestors ?? [],
};

export const Store: StoreResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.store.load(id),
  partnerOrganization: (s) => (s.partnerOrganizationId ? { id: s.partnerOrganizationId } : null),
  location: (s) => (s.latitude != null && s.longitude != null ? { lat: s.latitude, lng: s.longitude } : null),
  distanceKm: (s) => s.distanceKm ?? null,
};
