/** Category mutations (admins only, by rule): the tree never gets a cycle; in-use categories stay. */
import { requireUuid } from '@miw/service-kit';
import type { CatalogContext } from '../../context';
import { insertCategory, updateCategoryRow } from '../../data/catalog';
import { categoryUsage, isSelfOrDescendant, lockCategoryTree } from '../../data/categories';
import { stampedUpdate } from '../../data/writes';
import { cycleError, inUseError, validateCategoryChanges, validateNewCategory, type CreateCategoryInput, type UpdateCategoryInput } from '../../domain/category';
import { commit, missingReferences } from './commit';

const payload = ({ row, errors }: Awaited<ReturnType<typeof commit>>) => ({ category: row, errors });

async function missingParent(ctx: CatalogContext, parentId: string | null | undefined) {
  return missingReferences([['parentId', parentId ? await ctx.loaders.category.load(parentId) : undefined, 'category']]);
}

export const categoryMutations = {
  async createCategory(_: unknown, { input }: { input: CreateCategoryInput }, ctx: CatalogContext) {
    const { value, errors } = validateNewCategory(input);
    if (!value) return { category: null, errors };
    const missing = await missingParent(ctx, value.parentId);
    if (missing.length) return { category: null, errors: missing };
    return payload(await commit(ctx, 'Category', 'created', (tx) => insertCategory(tx, { ...value, originRegion: ctx.region })));
  },

  async updateCategory(_: unknown, { input }: { input: UpdateCategoryInput }, ctx: CatalogContext) {
    const id = requireUuid(input.id, 'input.id').toLowerCase();
    const { value, errors } = validateCategoryChanges(input);
    if (!value) return { category: null, errors };
    const missing = await missingParent(ctx, value.parentId);
    if (missing.length) return { category: null, errors: missing };
    return payload(
      await commit(ctx, 'Category', 'updated', async (tx) => {
        if (value.parentId) {
          await lockCategoryTree(tx);
          if (await isSelfOrDescendant(tx, id, value.parentId)) return [cycleError()];
        }
        return stampedUpdate(tx, 'category', id, value, updateCategoryRow);
      }),
    );
  },

  /** Refused (IN_USE) while the category has live subcategories or products. */
  async deleteCategory(_: unknown, { input }: { input: { id: string } }, ctx: CatalogContext) {
    const id = requireUuid(input.id, 'input.id').toLowerCase();
    return payload(
      await commit(ctx, 'Category', 'deleted', async (tx) => {
        await lockCategoryTree(tx);
        const deleted = await stampedUpdate(tx, 'category', id, 'tombstone', updateCategoryRow);
        if (!deleted) return null;
        const usage = await categoryUsage(tx, id);
        const inUse = inUseError(usage.children, usage.products);
        return inUse ? [inUse] : deleted;
      }),
    );
  },
};
