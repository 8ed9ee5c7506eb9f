import { pageSize, requireUuid, timeCursor, toConnection } from '@miw/service-kit';
import { countProducts, listCategories, listProducts, listStores } from '../data/catalog';
import type { CatalogContext } from '../context';

const productCursor = timeCursor('product');

export const Query = {
  async products(_: unknown, args: { first?: number | null; after?: string | null }, ctx: CatalogContext) {
    const size = pageSize(args.first);
    const after = productCursor.decode(args.after);
    const rows = size === 0 ? [] : await listProducts(ctx.db, size + 1, after);
    for (const row of rows) ctx.loaders.product.prime(row.id, row);
    return { ...toConnection(rows, size, productCursor.encode, Boolean(after)), totalCount: () => countProducts(ctx.db) };
  },

  product(_: unknown, { id }: { id: string }, ctx: CatalogContext) {
    return ctx.loaders.product.load(requireUuid(id, 'id'));
  },

  categories(_: unknown, __: unknown, ctx: CatalogContext) {
    return listCategories(ctx.db);
  },

  stores(_: unknown, { region }: { region?: 'eu' | 'cn' | null }, ctx: CatalogContext) {
    return listStores(ctx.db, region ?? undefined);
  },
};
