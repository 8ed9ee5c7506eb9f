import { forbidden } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { regionReadOnlyError } from '@miw/service-kit';
import { insertProduct, isUniqueViolation } from '../data/catalog';
import type { CatalogContext } from '../context';
import { validateNewProduct, type CreateProductInput, type FieldError } from '../domain/product';
import { catalogEvent } from '../events/catalog-events';

/** Catalog data is mastered in EU; every other region holds a read-only mirror. */
const MASTER_REGION = 'eu';

export const Mutation = {
  async createProduct(_: unknown, { input }: { input: CreateProductInput }, ctx: CatalogContext) {
    if (ctx.region !== MASTER_REGION) throw regionReadOnlyError(ctx.region, ctx.masterEndpoint);
    const { product, errors } = validateNewProduct(input);
    if (!product) return { product: null, errors };

    const missing: FieldError[] = [];
    const [manufacturer, category] = await Promise.all([
      product.manufacturerId ? ctx.loaders.manufacturer.load(product.manufacturerId) : undefined,
      product.categoryId ? ctx.loaders.category.load(product.categoryId) : undefined,
    ]);
    if (manufacturer === null) missing.push({ code: 'NOT_FOUND', field: 'input.manufacturerId', message: 'no manufacturer has this id' });
    if (category === null) missing.push({ code: 'NOT_FOUND', field: 'input.categoryId', message: 'no category has this id' });
    if (missing.length) return { product: null, errors: missing };
    // Row level: a manufacturer creates products of its own manufacturer only.
    if (ctx.viewer?.role === 'MANUFACTURER' && (!manufacturer || manufacturer.organizationId !== ctx.viewer.organizationId)) {
      throw forbidden('Manufacturers create products of their own manufacturer only (set input.manufacturerId)');
    }

    try {
      const created = await ctx.db.$transaction(async (tx) => {
        const row = await insertProduct(tx, { ...product, attributes: product.attributes as object, originRegion: ctx.region });
        await writeOutbox(tx, 'catalog', [catalogEvent('Product', 'created', row, ctx.correlationId)]);
        return row;
      });
      ctx.logger.info({ productId: created.id, sku: created.sku }, 'product created');
      return { product: created, errors: [] };
    } catch (error) {
      if (isUniqueViolation(error, 'sku')) {
        return { product: null, errors: [{ code: 'SKU_TAKEN', field: 'input.sku', message: `SKU ${product.sku} is already used by another product` }] };
      }
      throw error;
    }
  },
};
