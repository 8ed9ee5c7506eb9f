import { decodeCursor, encodeCursor, pageSize, requireUuid, toConnection } from '@miw/service-kit';
import { countProducts, listCategories, listProducts, listStores } from '../data/catalog';
import type { Product } from '../data/db';
import type { CatalogContext } from '../context';

const productCursor = (p: Product) => encodeCursor('product', [p.createdAt.toISOString(), p.id]);

export const Query = {
  async products(_: unknown, args: { first?: number | null; after?: string | null }, ctx: CatalogContext) {
    const size = pageSize(args.first);
    let after: { createdAt: Date; id: string } | undefined;
    if (args.after) {
      const [createdAt, id] = decodeCursor('product', args.after, 2);
      const date = new Date(String(createdAt));
      if (Number.isNaN(date.getTime())) throw decodeCursor('product', '', 2); // same BAD_USER_INPUT as a forged cursor
      after = { createdAt: date, id: requireUuid(String(id), 'after') };
    }
    const rows = size === 0 ? [] : await listProducts(ctx.db, size + 1, after);
    for (const row of rows) ctx.loaders.product.prime(row.id, row);
    return { ...toConnection(rows, size, productCursor, Boolean(after)), totalCount: () => countProducts(ctx.db) };
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
