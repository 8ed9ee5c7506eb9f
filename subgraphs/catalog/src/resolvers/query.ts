import { requireUuid } from '@miw/service-kit';
import type { QueryResolvers } from '../schema.generated';
import { findCategory, listCategories } from '../services/categories';
import { listManufacturerPage } from '../services/manufacturers';
import { listProducts, visibleProduct } from '../services/products';
import { findStores } from '../services/stores';

export const Query: QueryResolvers = {
  products: (_, args, ctx) => listProducts(ctx, args),
  product: (_, { id }, ctx) => visibleProduct(ctx, requireUuid(id, 'id')),
  category: (_, args, ctx) => findCategory(ctx, args),
  categories: (_, __, ctx) => listCategories(ctx),
  manufacturers: (_, args, ctx) => listManufacturerPage(ctx, args),
  manufacturer: (_, { id }, ctx) => ctx.loaders.manufacturer.load(requireUuid(id, 'id')),
  stores: (_, args, ctx) => findStores(ctx, args),
};
