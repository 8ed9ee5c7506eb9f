/**
 * The category tree: children, cycle and usage checks (a depth-capped recursive CTE: writes
 * only). Ancestors come from the paths the database materializes (./reads.ts).
 */
import type { CatalogDb, CatalogTx, Category } from './db';
import { MAX_CATEGORY_DEPTH } from '../domain/category';

export const findCategoryBySlug = (db: CatalogDb, slug: string): Promise<Category | null> => db.category.findFirst({ where: { slug, deletedAt: null } });

/** Live children of many parents in one query, by name. */
export const findChildren = (db: CatalogDb, parentIds: readonly string[]): Promise<Category[]> =>
  db.category.findMany({ where: { parentId: { in: [...parentIds] }, deletedAt: null }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });

/** Whether `candidate` is `categoryId` itself or one of its descendants (walks up from the candidate). */
export async function isSelfOrDescendant(tx: CatalogTx, categoryId: string, candidate: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM "catalog"."category" WHERE id = ${candidate}::uuid
      UNION ALL
      SELECT p.id, p.parent_id, up.depth + 1 FROM "catalog"."category" p JOIN up ON p.id = up.parent_id WHERE up.depth < ${MAX_CATEGORY_DEPTH}
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = ${categoryId}::uuid) AS found`;
  return Boolean(row?.found);
}

/** Serializes changes to the tree's shape, so two concurrent moves cannot build a cycle together. */
export const lockCategoryTree = (tx: CatalogTx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('catalog.category.tree'))`;

export async function categoryUsage(tx: CatalogTx, id: string): Promise<{ children: number; products: number }> {
  const [children, products] = await Promise.all([
    tx.category.count({ where: { parentId: id, deletedAt: null } }),
    tx.product.count({ where: { categoryId: id, deletedAt: null } }),
  ]);
  return { children, products };
}

