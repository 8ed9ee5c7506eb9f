/** Product mutations: admins for every product; a manufacturer for its own manufacturer's products. */
import { forbidden } from '@miw/auth';
import { requireUuid } from '@miw/service-kit';
import type { CatalogContext } from '../../context';
import { insertProduct, updateProductRow } from '../../data/catalog';
import type { CatalogTx, Manufacturer, Prisma } from '../../data/db';
import { stampedUpdate } from '../../data/writes';
import { actsForManufacturer } from '../../domain/manufacturer';
import { validateNewProduct, validateProductChanges, type CreateProductInput, type UpdateProductInput } from '../../domain/product';
import { commit, missingReferences, notFound } from './commit';

const payload = ({ row, errors }: Awaited<ReturnType<typeof commit>>) => ({ product: row, errors });

/** Loads the manufacturer and category an input names (undefined: not named; null: missing). */
async function references(ctx: CatalogContext, ids: { manufacturerId?: string | null | undefined; categoryId?: string | null | undefined }) {
  const [manufacturer, category] = await Promise.all([
    ids.manufacturerId ? ctx.loaders.manufacturer.load(ids.manufacturerId) : undefined,
    ids.categoryId ? ctx.loaders.category.load(ids.categoryId) : undefined,
  ]);
  const errors = missingReferences([
    ['manufacturerId', manufacturer, 'manufacturer'],
    ['categoryId', category, 'category'],
  ]);
  return { manufacturer, errors };
}

const denyManufacturer = () => forbidden('Manufacturers manage the products of their own manufacturer only');

/** Loads a live product for a change, answering NOT_FOUND, or FORBIDDEN for another manufacturer's product. */
async function editableProduct(ctx: CatalogContext, id: string) {
  const product = await ctx.loaders.product.load(requireUuid(id, 'input.id'));
  if (!product) throw notFound('product');
  if (ctx.viewer?.role !== 'ADMIN') {
    const owner: Manufacturer | null = product.manufacturerId ? await ctx.loaders.manufacturer.load(product.manufacturerId) : null;
    if (!actsForManufacturer(ctx.viewer, owner)) throw denyManufacturer();
  }
  return product;
}

/** Stamps and updates (or tombstones) the product in `tx`; null when it vanished meanwhile. */
const updateIn = (id: string, data: Prisma.ProductUncheckedUpdateInput | 'tombstone') => (tx: CatalogTx) => stampedUpdate(tx, 'product', id, data, updateProductRow);

export const productMutations = {
  async createProduct(_: unknown, { input }: { input: CreateProductInput }, ctx: CatalogContext) {
    const { product, errors } = validateNewProduct(input);
    if (!product) return { product: null, errors };
    const refs = await references(ctx, product);
    if (refs.errors.length) return { product: null, errors: refs.errors };
    if (!actsForManufacturer(ctx.viewer, refs.manufacturer)) throw forbidden('Manufacturers create products of their own manufacturer only (set input.manufacturerId)');
    return payload(await commit(ctx, 'Product', 'created', (tx) => insertProduct(tx, { ...product, attributes: product.attributes as object, originRegion: ctx.region })));
  },

  async updateProduct(_: unknown, { input }: { input: UpdateProductInput }, ctx: CatalogContext) {
    const existing = await editableProduct(ctx, input.id);
    const { changes, errors } = validateProductChanges(input);
    if (!changes) return { product: null, errors };
    const refs = await references(ctx, changes);
    if (refs.errors.length) return { product: null, errors: refs.errors };
    // A manufacturer may not hand its product to a manufacturer it does not act for.
    if (changes.manufacturerId !== undefined && !actsForManufacturer(ctx.viewer, refs.manufacturer)) throw denyManufacturer();
    const { attributes, ...rest } = changes;
    return payload(await commit(ctx, 'Product', 'updated', updateIn(existing.id, { ...rest, ...(attributes ? { attributes: attributes as object } : {}) })));
  },

  async archiveProduct(_: unknown, { input }: { input: { id: string } }, ctx: CatalogContext) {
    const existing = await editableProduct(ctx, input.id);
    return payload(await commit(ctx, 'Product', 'updated', updateIn(existing.id, { status: 'ARCHIVED' })));
  },

  async deleteProduct(_: unknown, { input }: { input: { id: string } }, ctx: CatalogContext) {
    const existing = await editableProduct(ctx, input.id);
    return payload(await commit(ctx, 'Product', 'deleted', updateIn(existing.id, 'tombstone')));
  },
};
