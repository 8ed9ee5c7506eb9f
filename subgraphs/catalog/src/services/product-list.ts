/**
 * `products(filter, orderBy)` arguments: filter validation (BAD_USER_INPUT: these are request
 * parameters, not domain changes) and cursors. Keyset orders encode (sort value, id) of the last
 * row; RELEVANCE encodes an offset (documented in the schema: pages may shift when data changes).
 */
import { decodeCursor, encodeCursor, userInputError } from '@miw/service-kit';
import { isUuid } from '@miw/contracts';
import type { Product } from '../data/db';
import { KEYSET, type ProductOrderBy, type ProductPosition, type ProductQuery } from '../data/products';
import { CURRENCIES } from '../domain/product';
import type { ProductFilter } from '../schema.generated';

const MAX_OFFSET = 10_000;

export function toProductQuery(filter: ProductFilter): ProductQuery {
  const bad = (field: string, message: string) => userInputError(message, { field: `filter.${field}` });
  const search = filter.search?.trim() || undefined;
  if (search && search.length > 200) throw bad('search', 'filter.search must be at most 200 characters');
  for (const key of ['categoryId', 'manufacturerId'] as const) {
    if (filter[key] != null && !isUuid(filter[key])) throw bad(key, `filter.${key} is not a valid id`);
  }
  for (const key of ['priceMin', 'priceMax'] as const) {
    if (filter[key] != null && filter[key] < 0) throw bad(key, `filter.${key} must be >= 0`);
  }
  if (filter.priceMin != null && filter.priceMax != null && filter.priceMin > filter.priceMax) throw bad('priceMin', 'filter.priceMin must not exceed filter.priceMax');
  const currency = filter.currency?.trim().toUpperCase() || undefined;
  if (currency && !CURRENCIES.has(currency)) throw bad('currency', `filter.currency must be one of ${[...CURRENCIES].join(', ')}`);
  return {
    search,
    categoryId: filter.categoryId?.toLowerCase() ?? undefined,
    manufacturerId: filter.manufacturerId?.toLowerCase() ?? undefined,
    status: filter.status ?? undefined,
    priceMin: filter.priceMin ?? undefined,
    priceMax: filter.priceMax ?? undefined,
    currency,
  };
}

const invalidCursor = () => userInputError('after is not a valid cursor for this list', { field: 'after' });

/** Cursor functions of one order; a cursor of another order is refused. */
export function productCursor(orderBy: ProductOrderBy) {
  const kind = `product.${orderBy}`;
  if (orderBy === 'RELEVANCE') {
    return {
      encode: (_: Product, index: number, after: ProductPosition | undefined) => encodeCursor(kind, [(after && 'offset' in after ? after.offset : 0) + index + 1]),
      decode(cursor: string | null | undefined): ProductPosition | undefined {
        if (!cursor) return undefined;
        const [offset] = decodeCursor(kind, cursor, 1);
        if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) throw invalidCursor();
        return { offset };
      },
    };
  }
  const keyset = KEYSET[orderBy];
  return {
    encode: (row: Product) => encodeCursor(kind, [keyset.of(row), row.id]),
    decode(cursor: string | null | undefined): ProductPosition | undefined {
      if (!cursor) return undefined;
      const [value, id] = decodeCursor(kind, cursor, 2);
      if (!isUuid(id)) throw invalidCursor();
      const valid =
        keyset.cast === 'integer' ? Number.isInteger(value) : keyset.cast === 'timestamptz' ? typeof value === 'string' && !Number.isNaN(Date.parse(value)) : typeof value === 'string' && value.length <= 200;
      if (!valid) throw invalidCursor();
      return { value: value!, id: id.toLowerCase() };
    },
  };
}
