import { pageSize, requireUuid, timeCursor, toConnection, userInputError } from '@miw/service-kit';
import { listCategories, listManufacturers } from '../data/catalog';
import { findCategoryBySlug } from '../data/categories';
import { countProductMatches, listProductPage, type ProductOrderBy } from '../data/products';
import { listStores, listStoresNear } from '../data/stores';
import type { CatalogContext } from '../context';
import { productCursor, productVisibility, toProductQuery, type ProductFilterInput } from './product-list';
import { checkNear } from '../domain/store';

const manufacturerCursor = timeCursor('manufacturer');

export const Query = {
  async products(_: unknown, args: { filter?: ProductFilterInput | null; orderBy?: ProductOrderBy | null; first?: number | null; after?: string | null }, ctx: CatalogContext) {
    const size = pageSize(args.first);
    const orderBy = args.orderBy ?? 'CREATED_AT_ASC';
    const q = { ...toProductQuery(args.filter ?? {}), visibility: productVisibility(ctx.viewer) };
    if (orderBy === 'RELEVANCE' && !q.search) throw userInputError('orderBy RELEVANCE needs filter.search', { field: 'orderBy' });
    const cursor = productCursor(orderBy);
    const after = cursor.decode(args.after);
    const rows = size === 0 ? [] : await listProductPage(ctx.db, q, orderBy, size + 1, after);
    for (const row of rows) ctx.loaders.product.prime(row.id, row);
    const edges = rows.slice(0, size).map((node, i) => ({ node, cursor: cursor.encode(node, i, after) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: () => countProductMatches(ctx.db, q),
    };
  },

  async product(_: unknown, { id }: { id: string }, ctx: CatalogContext) {
    const product = await ctx.loaders.product.load(requireUuid(id, 'id'));
    if (!product || product.status === 'ACTIVE') return product;
    const visibility = productVisibility(ctx.viewer);
    if ('all' in visibility) return product;
    if (!visibility.organizationId || !product.manufacturerId) return null;
    const manufacturer = await ctx.loaders.manufacturer.load(product.manufacturerId);
    return manufacturer?.organizationId === visibility.organizationId ? product : null;
  },

  category(_: unknown, { id, slug }: { id?: string | null; slug?: string | null }, ctx: CatalogContext) {
    if ((id == null) === (slug == null)) throw userInputError('give exactly one of id and slug', { field: id == null ? 'id' : 'slug' });
    if (id != null) return ctx.loaders.category.load(requireUuid(id, 'id'));
    const normalized = slug!.trim().toLowerCase();
    return normalized.length > 100 ? null : findCategoryBySlug(ctx.db, normalized);
  },

  categories(_: unknown, __: unknown, ctx: CatalogContext) {
    return listCategories(ctx.db);
  },

  async manufacturers(_: unknown, args: { search?: string | null; first?: number | null; after?: string | null }, ctx: CatalogContext) {
    const size = pageSize(args.first);
    const search = args.search?.trim() || undefined;
    if (search && search.length > 200) throw userInputError('search must be at most 200 characters', { field: 'search' });
    const after = manufacturerCursor.decode(args.after);
    const rows = size === 0 ? [] : await listManufacturers(ctx.db, search, size + 1, after);
    for (const row of rows) ctx.loaders.manufacturer.prime(row.id, row);
    return toConnection(rows, size, manufacturerCursor.encode, Boolean(after));
  },

  manufacturer(_: unknown, { id }: { id: string }, ctx: CatalogContext) {
    return ctx.loaders.manufacturer.load(requireUuid(id, 'id'));
  },

  stores(_: unknown, args: { region?: 'eu' | 'cn' | null; near?: { lat: number; lng: number; radiusKm: number } | null; first?: number | null }, ctx: CatalogContext) {
    const limit = pageSize(args.first, 100);
    const region = args.region ?? undefined;
    if (!args.near) return listStores(ctx.db, region, limit);
    checkNear(args.near);
    return listStoresNear(ctx.db, { lat: args.near.lat, lng: args.near.lng }, args.near.radiusKm, region, limit);
  },
};
