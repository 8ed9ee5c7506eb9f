/** Categories: lookups, and writes (admins only, by rule): the tree never gets a cycle; in-use categories stay. */
import { requireUuid, userInputError } from '@miw/service-kit';
import { currentCategory } from '../data/audit';
import { insertCategory, listCategories as listCategoryRows, updateCategoryRow } from '../data/catalog';
import { categoryUsage, findCategoryBySlug, isSelfOrDescendant, lockCategoryTree } from '../data/categories';
import type { Category } from '../data/db';
import { stampedUpdate } from '../data/writes';
import { cycleError, inUseError, validateCategoryChanges, validateNewCategory } from '../domain/category';
import { categoryAuditFields } from '../events/audit';
import { categoryEvent } from '../events/catalog-events';
import type { CreateCategoryInput, UpdateCategoryInput } from '../schema.generated';
import { commit, missingReferences, refused, requireMasterRegion, type CatalogDeps, type EntityWrites, type WriteResult } from './write';

const writes: EntityWrites<Category> = {
  entity: 'Category',
  event: categoryEvent,
  unique: { field: 'slug', code: 'SLUG_TAKEN', what: 'category slug' },
  audit: { fields: categoryAuditFields, current: currentCategory },
};

/** Every live category, roots first. */
export const listCategories = (deps: Pick<CatalogDeps, 'db'>): Promise<Category[]> => listCategoryRows(deps.db);

/** One live category by id or by slug: exactly one of them, the id a UUID (BAD_USER_INPUT otherwise). */
export async function findCategory(deps: CatalogDeps, { id, slug }: { id?: string | null | undefined; slug?: string | null | undefined }): Promise<Category | null> {
  if (id != null && slug == null) return deps.loaders.category.load(requireUuid(id, 'id'));
  if (slug != null && id == null) {
    const normalized = slug.trim().toLowerCase();
    return normalized.length > 100 ? null : findCategoryBySlug(deps.db, normalized);
  }
  throw userInputError('give exactly one of id and slug', { field: id == null ? 'id' : 'slug' });
}

async function missingParent(deps: CatalogDeps, parentId: string | null | undefined) {
  return missingReferences([['parentId', parentId ? await deps.loaders.category.load(parentId) : undefined, 'category']]);
}

export async function createCategory(deps: CatalogDeps, input: CreateCategoryInput): Promise<WriteResult<Category>> {
  requireMasterRegion(deps);
  const { value, errors } = validateNewCategory(input);
  if (!value) return refused(errors);
  const missing = await missingParent(deps, value.parentId);
  if (missing.length) return refused(missing);
  return commit(deps, writes, 'created', { action: 'create' }, (tx) => insertCategory(tx, { ...value, originRegion: deps.region }));
}

/** Changes the given fields of category `input.id` (a valid, lower-case UUID); a move never builds a cycle. */
export async function updateCategory(deps: CatalogDeps, input: UpdateCategoryInput): Promise<WriteResult<Category>> {
  requireMasterRegion(deps);
  const { value, errors } = validateCategoryChanges(input);
  if (!value) return refused(errors);
  const missing = await missingParent(deps, value.parentId);
  if (missing.length) return refused(missing);
  return commit(deps, writes, 'updated', { action: 'update', targetId: input.id }, async (tx) => {
    if (value.parentId) {
      await lockCategoryTree(tx);
      if (await isSelfOrDescendant(tx, input.id, value.parentId)) return [cycleError()];
    }
    return stampedUpdate(tx, 'category', input.id, value, updateCategoryRow);
  });
}

/** Refused (IN_USE) while the category has live subcategories or products. */
export async function deleteCategory(deps: CatalogDeps, id: string): Promise<WriteResult<Category>> {
  requireMasterRegion(deps);
  return commit(deps, writes, 'deleted', { action: 'delete', targetId: id }, async (tx) => {
    await lockCategoryTree(tx);
    const deleted = await stampedUpdate(tx, 'category', id, 'tombstone', updateCategoryRow);
    if (!deleted) return null;
    const usage = await categoryUsage(tx, id);
    const inUse = inUseError(usage.children, usage.products);
    return inUse ? [inUse] : deleted;
  });
}
