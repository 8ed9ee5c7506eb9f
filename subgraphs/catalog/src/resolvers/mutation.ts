/**
 * Catalog mutations: the id of the target is checked here (BAD_USER_INPUT), everything else by the
 * service. Outside the master region every one refuses with REGION_READ_ONLY first, whatever its
 * arguments (the services check it again: they are the one path for a change).
 */
import { requireUuid } from '@miw/service-kit';
import type { CatalogContext } from '../context';
import type { Category, Manufacturer, Product, Store } from '../data/db';
import type { MutationResolvers } from '../schema.generated';
import * as categories from '../services/categories';
import * as manufacturers from '../services/manufacturers';
import * as products from '../services/products';
import * as stores from '../services/stores';
import { requireMasterRegion, type WriteResult } from '../services/write';

const product = ({ row, errors }: WriteResult<Product>) => ({ product: row, errors });
const manufacturer = ({ row, errors }: WriteResult<Manufacturer>) => ({ manufacturer: row, errors });
const category = ({ row, errors }: WriteResult<Category>) => ({ category: row, errors });
const store = ({ row, errors }: WriteResult<Store>) => ({ store: row, errors });
const targetId = (ctx: CatalogContext, input: { id: string }) => {
  requireMasterRegion(ctx);
  return requireUuid(input.id, 'input.id');
};

export const Mutation: MutationResolvers = {
  createProduct: async (_, { input }, ctx) => product(await products.createProduct(ctx, input)),
  updateProduct: async (_, { input }, ctx) => product(await products.updateProduct(ctx, { ...input, id: targetId(ctx, input) })),
  archiveProduct: async (_, { input }, ctx) => product(await products.archiveProduct(ctx, targetId(ctx, input))),
  deleteProduct: async (_, { input }, ctx) => product(await products.deleteProduct(ctx, targetId(ctx, input))),

  createManufacturer: async (_, { input }, ctx) => manufacturer(await manufacturers.createManufacturer(ctx, input)),
  updateManufacturer: async (_, { input }, ctx) => manufacturer(await manufacturers.updateManufacturer(ctx, { ...input, id: targetId(ctx, input) })),
  deleteManufacturer: async (_, { input }, ctx) => manufacturer(await manufacturers.deleteManufacturer(ctx, targetId(ctx, input))),

  createCategory: async (_, { input }, ctx) => category(await categories.createCategory(ctx, input)),
  updateCategory: async (_, { input }, ctx) => category(await categories.updateCategory(ctx, { ...input, id: targetId(ctx, input) })),
  deleteCategory: async (_, { input }, ctx) => category(await categories.deleteCategory(ctx, targetId(ctx, input))),

  createStore: async (_, { input }, ctx) => store(await stores.createStore(ctx, input)),
  updateStore: async (_, { input }, ctx) => store(await stores.updateStore(ctx, { ...input, id: targetId(ctx, input) })),
  deleteStore: async (_, { input }, ctx) => store(await stores.deleteStore(ctx, targetId(ctx, input))),
};
