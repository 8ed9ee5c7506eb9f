/**
 * Product browsing: filter, full-text + trigram search, keyset pages. The page query returns ids
 * only; rows are then read through Prisma, so snake_case -> camelCase mapping stays in one place.
 */
import type { CatalogDb, Product } from './db';
import { Prisma } from './db';
import { findProducts } from './catalog';
import { MAX_CATEGORY_DEPTH } from '../domain/category';

export interface ProductQuery {
  search?: string | undefined;
  categoryId?: string | undefined;
  manufacturerId?: string | undefined;
  status?: 'DRAFT' | 'ACTIVE' | 'ARCHIVED' | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  currency?: string | undefined;
  /**
   * Who is browsing: `all` (admins) sees every status; anyone else sees ACTIVE products plus the
   * drafts and archived products of the manufacturers of `organizationId`.
   */
  visibility?: { all: true } | { organizationId: string | null };
}

export type ProductOrderBy = 'CREATED_AT_ASC' | 'CREATED_AT_DESC' | 'PRICE_ASC' | 'PRICE_DESC' | 'NAME_ASC' | 'RELEVANCE';
type KeysetOrder = Exclude<ProductOrderBy, 'RELEVANCE'>;

/** Where a page starts: after the row with this (sort value, id), or after `offset` rows (RELEVANCE). */
export type ProductPosition = { value: string | number; id: string } | { offset: number };

/**
 * Word similarity (pg_trgm) above which a name matches a search despite typos. pg_trgm's default
 * (0.6) misses a single wrong letter in short words; 0.4 still rejects unrelated names.
 */
export const TRIGRAM_THRESHOLD = 0.4;

export const KEYSET: Record<KeysetOrder, { column: string; cast: string; desc: boolean; of: (p: Product) => string | number }> = {
  CREATED_AT_ASC: { column: 'created_at', cast: 'timestamptz', desc: false, of: (p) => p.createdAt.toISOString() },
  CREATED_AT_DESC: { column: 'created_at', cast: 'timestamptz', desc: true, of: (p) => p.createdAt.toISOString() },
  PRICE_ASC: { column: 'price_amount', cast: 'integer', desc: false, of: (p) => p.priceAmount },
  PRICE_DESC: { column: 'price_amount', cast: 'integer', desc: true, of: (p) => p.priceAmount },
  NAME_ASC: { column: 'name', cast: 'text', desc: false, of: (p) => p.name },
};

const tsQuery = (search: string) => Prisma.sql`websearch_to_tsquery('simple'::regconfig, ${search})`;

/** `WITH RECURSIVE subtree` (the category and its live descendants) when filtering by category. */
function subtreeCte(q: ProductQuery): Prisma.Sql {
  if (!q.categoryId) return Prisma.empty;
  return Prisma.sql`WITH RECURSIVE subtree(id, depth) AS (
      SELECT id, 1 FROM "catalog"."category" WHERE id = ${q.categoryId}::uuid AND deleted_at IS NULL
      UNION
      SELECT c.id, s.depth + 1 FROM "catalog"."category" c JOIN subtree s ON c.parent_id = s.id
      WHERE c.deleted_at IS NULL AND s.depth < ${MAX_CATEGORY_DEPTH}
    ) `;
}

function where(q: ProductQuery): Prisma.Sql {
  const c: Prisma.Sql[] = [Prisma.sql`p.deleted_at IS NULL`];
  if (q.categoryId) c.push(Prisma.sql`p.category_id IN (SELECT id FROM subtree)`);
  if (q.manufacturerId) c.push(Prisma.sql`p.manufacturer_id = ${q.manufacturerId}::uuid`);
  if (q.status) c.push(Prisma.sql`p.status = ${q.status}::"catalog"."ProductStatus"`);
  if (q.visibility && !('all' in q.visibility)) {
    const org = q.visibility.organizationId;
    c.push(
      org
        ? Prisma.sql`(p.status = 'ACTIVE' OR p.manufacturer_id IN (SELECT m.id FROM "catalog"."manufacturer" m WHERE m.organization_id = ${org}::uuid))`
        : Prisma.sql`p.status = 'ACTIVE'`,
    );
  }
  if (q.priceMin != null) c.push(Prisma.sql`p.price_amount >= ${q.priceMin}`);
  if (q.priceMax != null) c.push(Prisma.sql`p.price_amount <= ${q.priceMax}`);
  if (q.currency) c.push(Prisma.sql`p.currency = ${q.currency}`);
  // Full text (GIN on search_vector) OR trigram word similarity on the name (GIN trigram index).
  if (q.search) c.push(Prisma.sql`(p.search_vector @@ ${tsQuery(q.search)} OR ${q.search} OPERATOR(public.<%) p.name)`);
  return Prisma.join(c, ' AND ');
}

/** Runs `query` with the trigram threshold set for its transaction when the query searches. */
async function withThreshold<T>(db: CatalogDb, q: ProductQuery, query: Prisma.Sql): Promise<T[]> {
  if (!q.search) return db.$queryRaw<T[]>(query);
  const [, rows] = await db.$transaction([db.$executeRawUnsafe(`SET LOCAL pg_trgm.word_similarity_threshold = ${TRIGRAM_THRESHOLD}`), db.$queryRaw<T[]>(query)]);
  return rows;
}

/** The SQL of one page of ids (exported for EXPLAIN in tests). */
export function productPageSql(q: ProductQuery, orderBy: ProductOrderBy, limit: number, after?: ProductPosition): Prisma.Sql {
  if (orderBy === 'RELEVANCE') {
    const search = q.search ?? '';
    const offset = after && 'offset' in after ? after.offset : 0;
    return Prisma.sql`${subtreeCte(q)}SELECT p.id FROM "catalog"."product" p WHERE ${where(q)}
      ORDER BY ts_rank(p.search_vector, ${tsQuery(search)}) + public.word_similarity(${search}, p.name) DESC, p.id ASC
      LIMIT ${limit} OFFSET ${offset}`;
  }
  const k = KEYSET[orderBy];
  const col = Prisma.raw(`p."${k.column}"`);
  const dir = Prisma.raw(k.desc ? 'DESC' : 'ASC');
  const keyset =
    after && 'id' in after ? Prisma.sql` AND (${col}, p.id) ${Prisma.raw(k.desc ? '<' : '>')} (${after.value}::${Prisma.raw(k.cast)}, ${after.id}::uuid)` : Prisma.empty;
  return Prisma.sql`${subtreeCte(q)}SELECT p.id FROM "catalog"."product" p WHERE ${where(q)}${keyset}
    ORDER BY ${col} ${dir}, p.id ${dir} LIMIT ${limit}`;
}

/** `limit` products of the page after `after`, in order. */
export async function listProductPage(db: CatalogDb, q: ProductQuery, orderBy: ProductOrderBy, limit: number, after?: ProductPosition): Promise<Product[]> {
  const ids = (await withThreshold<{ id: string }>(db, q, productPageSql(q, orderBy, limit, after))).map((r) => r.id);
  if (!ids.length) return [];
  const byId = new Map((await findProducts(db, ids)).map((p) => [p.id, p]));
  return ids.map((id) => byId.get(id)).filter((p): p is Product => Boolean(p));
}

export async function countProductMatches(db: CatalogDb, q: ProductQuery): Promise<number> {
  const [row] = await withThreshold<{ n: number }>(db, q, Prisma.sql`${subtreeCte(q)}SELECT count(*)::int AS n FROM "catalog"."product" p WHERE ${where(q)}`);
  return row?.n ?? 0;
}
