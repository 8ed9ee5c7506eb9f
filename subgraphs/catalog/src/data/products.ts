/**
 * Product browsing: filters, typo-tolerant search, keyset and relevance pages, counts. The page
 * statement returns ids only; the rows are then read by id (./reads.ts), so the column mapping
 * stays in one place.
 */
import type { Pool } from 'pg';
import type { Product } from './db';
import { Prisma } from './db';
import { readProducts } from './reads';

export interface ProductQuery {
  search?: string | undefined;
  /** The search as a tsquery (`searchQuery`), resolved once per request before listing or counting. */
  tsquery?: string | null | undefined;
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
 * Search: the words of `filter.search` (the same 'simple' parser as the products' documents, at
 * most 8), each kept when some live product holds it and otherwise replaced by the nearest words
 * of product names: the CORRECTION_CANDIDATES nearest by trigram similarity (>= SEARCH_SIMILARITY,
 * from a GiST index), of which those with the fewest edits (Levenshtein distance); a product matches
 * when it holds every word (or one of its corrections). Relevance ranks at most
 * SEARCH_CANDIDATES matches (plus exact name matches) and a search's totalCount stops at
 * SEARCH_COUNT_CAP: the work per query is bounded whatever the catalog and its vocabulary.
 */
const SEARCH_SIMILARITY = 0.3;
/** Nearest name words (by trigram distance) considered for a correction; those with the fewest edits win. */
const CORRECTION_CANDIDATES = 5;
const SEARCH_MAX_WORDS = 8;
export const SEARCH_CANDIDATES = 2_000;
const SEARCH_COUNT_CAP = 10_000;

export const KEYSET: Record<KeysetOrder, { column: string; cast: string; desc: boolean; of: (p: Product) => string | number }> = {
  CREATED_AT_ASC: { column: 'created_at', cast: 'timestamptz', desc: false, of: (p) => p.createdAt.toISOString() },
  CREATED_AT_DESC: { column: 'created_at', cast: 'timestamptz', desc: true, of: (p) => p.createdAt.toISOString() },
  PRICE_ASC: { column: 'price_amount', cast: 'integer', desc: false, of: (p) => p.priceAmount },
  PRICE_DESC: { column: 'price_amount', cast: 'integer', desc: true, of: (p) => p.priceAmount },
  NAME_ASC: { column: 'name', cast: 'text', desc: false, of: (p) => p.name },
};

/**
 * The tsquery of a search: AND over its words, OR over each word's corrections, as text for
 * `::tsquery` (null when no word is known or near a known one). A statement of its own, so the
 * page and count queries are planned with the real query (the planner then estimates the GIN
 * match instead of guessing, and takes the index).
 */
export async function searchQuery(pool: Pool, search: string): Promise<string | null> {
  const sql = Prisma.sql`
    WITH words AS MATERIALIZED (
      SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${search}::text))) AS w LIMIT ${SEARCH_MAX_WORDS}
    ), alts AS MATERIALIZED (
      SELECT CASE WHEN w ~ '^[0-9]+$' OR EXISTS (SELECT 1 FROM "catalog"."search_term" t WHERE t.term = w AND t.products > 0) THEN ARRAY[w]
        ELSE ARRAY(SELECT k.term FROM (
          SELECT n.term, public.levenshtein(n.term, w) AS edits, min(public.levenshtein(n.term, w)) OVER () AS fewest FROM (
            SELECT t.term, t.term OPERATOR(public.<->) w AS dist FROM "catalog"."search_term" t WHERE t.name_products > 0
            ORDER BY t.term OPERATOR(public.<->) w LIMIT ${CORRECTION_CANDIDATES}) n
          WHERE n.dist <= ${1 - SEARCH_SIMILARITY}::float8) k WHERE k.edits = k.fewest) END AS terms
      FROM words
    )
    SELECT to_tsquery('simple'::regconfig, string_agg('(' || array_to_string(ARRAY(SELECT quote_literal(t) FROM unnest(terms) t), ' | ') || ')', ' & '))::text AS tsq
    FROM alts WHERE cardinality(terms) > 0`;
  const { rows } = await pool.query<{ tsq: string | null }>({ name: 'catalog.search.tsquery', text: sql.text, values: sql.values });
  return rows[0]?.tsq ?? null;
}

/** The tsquery of a resolved search; one that matches nothing when no word was known. */
const tsqueryOf = (q: ProductQuery) => Prisma.sql`${q.tsquery ?? ''}::tsquery`;

/** Live categories of the subtree of `categoryId` (materialized paths: no recursion). */
const subtree = (categoryId: string) =>
  Prisma.sql`SELECT c.id FROM "catalog"."category" c WHERE c.path @> ARRAY[${categoryId}::uuid] AND c.deleted_at IS NULL`;

/** Conditions on `p` except the category (the caller places that one). */
function conditions(q: ProductQuery): Prisma.Sql[] {
  const c: Prisma.Sql[] = [Prisma.sql`p.deleted_at IS NULL`];
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
  if (q.search) c.push(Prisma.sql`p.search_vector @@ ${tsqueryOf(q)}`);
  return c;
}

const where = (q: ProductQuery) =>
  Prisma.join(q.categoryId ? [...conditions(q), Prisma.sql`p.category_id IN (${subtree(q.categoryId)})`] : conditions(q), ' AND ');

/** The SQL of one page of ids (exported for EXPLAIN in tests). */
export function productPageSql(q: ProductQuery, orderBy: ProductOrderBy, limit: number, after?: ProductPosition): Prisma.Sql {
  if (orderBy === 'RELEVANCE') {
    const search = q.search ?? '';
    const offset = after && 'offset' in after ? after.offset : 0;
    // Candidates: the first SEARCH_CANDIDATES matches and every exact name match, each ranked in
    // the scan that finds it (no second visit of the rows); UNION drops the rows both branches find.
    const rank = Prisma.sql`lower(p.name) = lower(${search}::text) AS exact,
      ts_rank(p.search_vector, ${tsqueryOf(q)}) + (p.search_vector @@ plainto_tsquery('simple'::regconfig, ${search}::text))::int AS rank`;
    // `matches` counts the candidates: the exact number of matches when the cap was not reached.
    return Prisma.sql`SELECT c.id, count(*) OVER ()::int AS matches FROM (
        (SELECT p.id, ${rank} FROM "catalog"."product" p WHERE ${where(q)} LIMIT ${SEARCH_CANDIDATES})
        UNION
        SELECT p.id, ${rank} FROM "catalog"."product" p WHERE lower(p.name) = lower(${search}::text) AND ${where(q)}
      ) c
      ORDER BY c.exact DESC, c.rank DESC, c.id ASC
      LIMIT ${limit} OFFSET ${offset}`;
  }
  const k = KEYSET[orderBy];
  const dir = Prisma.raw(k.desc ? 'DESC' : 'ASC');
  const keysetOn = (alias: string) => {
    const col = Prisma.raw(`${alias}."${k.column}"`);
    return after && 'id' in after ? Prisma.sql` AND (${col}, ${Prisma.raw(alias)}.id) ${Prisma.raw(k.desc ? '<' : '>')} (${after.value}::${Prisma.raw(k.cast)}, ${after.id}::uuid)` : Prisma.empty;
  };
  const col = Prisma.raw(`"${k.column}"`);
  if (q.categoryId) {
    // At most `limit` rows of each category of the subtree, each read in order from the
    // (category_id, <order column>, id) index, then merged: work grows with the subtree's size
    // in categories, never with its number of products.
    return Prisma.sql`SELECT x.id FROM (${subtree(q.categoryId)}) sub CROSS JOIN LATERAL (
        SELECT p.id, p.${col} AS v FROM "catalog"."product" p
        WHERE p.category_id = sub.id AND ${Prisma.join(conditions(q), ' AND ')}${keysetOn('p')}
        ORDER BY p.${col} ${dir}, p.id ${dir} LIMIT ${limit}
      ) x ORDER BY x.v ${dir}, x.id ${dir} LIMIT ${limit}`;
  }
  return Prisma.sql`SELECT p.id FROM "catalog"."product" p WHERE ${where(q)}${keysetOn('p')}
    ORDER BY p.${col} ${dir}, p.id ${dir} LIMIT ${limit}`;
}

/**
 * Runs a built statement on the pool, unnamed: page and count statements vary with the filters and
 * are planned with their values (a generic plan would not know a search's selectivity).
 */
const run = async <R extends object>(pool: Pool, sql: Prisma.Sql): Promise<R[]> => (await pool.query<R>(sql.text, sql.values as unknown[])).rows;

/** A page of products, in order; `matches` is the number of all matches when the page's statement knew it (a RELEVANCE page below the candidate cap). */
export interface ProductPage {
  products: Product[];
  matches: number | null;
}

/** `limit` products of the page after `after`, in order. */
export async function listProductPage(pool: Pool, q: ProductQuery, orderBy: ProductOrderBy, limit: number, after?: ProductPosition): Promise<ProductPage> {
  const rows = await run<{ id: string; matches?: number }>(pool, productPageSql(q, orderBy, limit, after));
  const matches = rows[0]?.matches;
  if (!rows.length) return { products: [], matches: null };
  const byId = new Map((await readProducts(pool, rows.map((r) => r.id))).map((p) => [p.id, p]));
  return {
    products: rows.map((r) => byId.get(r.id)).filter((p): p is Product => Boolean(p)),
    matches: matches !== undefined && matches < SEARCH_CANDIDATES ? matches : null,
  };
}

/**
 * Whether the count is the number of ACTIVE live products of a category subtree (or of the
 * catalog), which triggers keep per category in `catalog.category_product_count`.
 */
function countedByCategory(q: ProductQuery): boolean {
  if (q.search || q.manufacturerId || q.priceMin != null || q.priceMax != null || q.currency) return false;
  if (q.status === 'ACTIVE') return true;
  return !q.status && q.visibility !== undefined && !('all' in q.visibility) && q.visibility.organizationId === null;
}

/** The SQL of the number of matches (exported for EXPLAIN in tests). */
export function productCountSql(q: ProductQuery): Prisma.Sql {
  if (countedByCategory(q)) {
    return q.categoryId
      ? Prisma.sql`SELECT coalesce(sum(n.active_products), 0)::int AS n FROM "catalog"."category_product_count" n WHERE n.category_id IN (${subtree(q.categoryId)})`
      : Prisma.sql`SELECT coalesce(sum(n.active_products), 0)::int AS n FROM "catalog"."category_product_count" n`;
  }
  // A search counts its matches up to SEARCH_COUNT_CAP.
  const cap = q.search ? Prisma.sql` LIMIT ${SEARCH_COUNT_CAP}` : Prisma.empty;
  return Prisma.sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM "catalog"."product" p WHERE ${where(q)}${cap}) m`;
}

export async function countProductMatches(pool: Pool, q: ProductQuery): Promise<number> {
  const [row] = await run<{ n: number }>(pool, productCountSql(q));
  return row?.n ?? 0;
}
