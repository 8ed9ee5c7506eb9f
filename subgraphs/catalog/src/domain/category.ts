/**
 * Category rules, pure. The tree: a category cannot become its own ancestor (CATEGORY_CYCLE), and
 * a category with live subcategories or products cannot be deleted (IN_USE): move or delete them
 * first, so no product or subcategory ever points at a tombstone.
 */
import { Checker, defined, type FieldError } from './fields';

export interface CategoryFields {
  name: string;
  slug: string;
  parentId: string | null;
}
export type CreateCategoryInput = { name: string; slug: string; parentId?: string | null };
export type UpdateCategoryInput = { id: string } & { [K in keyof CategoryFields]?: CategoryFields[K] | null };

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Deepest tree the queries walk; deeper chains are cut (a guard against corrupt mirrors). */
export const MAX_CATEGORY_DEPTH = 32;

type Result<T> = { value: T; errors: [] } | { value: null; errors: FieldError[] };

function check(input: Omit<UpdateCategoryInput, 'id'>, self?: string): Result<Partial<CategoryFields>> {
  const c = new Checker();
  const out: Partial<CategoryFields> = {};
  if (c.notNull('name', input.name)) out.name = c.text('name', input.name, 1, 200);
  if (c.notNull('slug', input.slug)) {
    const slug = input.slug.trim().toLowerCase();
    out.slug = slug.length > 100 ? c.bad('slug', 'slug must be at most 100 characters') : c.matching('slug', slug, SLUG_PATTERN, 'slug must be a-z, 0-9 and single dashes between them');
  }
  if (input.parentId !== undefined) {
    out.parentId = c.id('parentId', input.parentId);
    if (self && out.parentId === self.toLowerCase()) c.bad('parentId', 'a category cannot be its own parent', 'CATEGORY_CYCLE');
  }
  return c.errors.length ? { value: null, errors: c.errors } : { value: defined(out), errors: [] };
}

export const validateNewCategory = (input: CreateCategoryInput) => check({ name: input.name, slug: input.slug, parentId: input.parentId ?? null }) as Result<CategoryFields>;

export function validateCategoryChanges(input: UpdateCategoryInput): Result<Partial<CategoryFields>> {
  const { id, ...rest } = input;
  return check(rest, id);
}

export const cycleError = (): FieldError => ({ code: 'CATEGORY_CYCLE', field: 'input.parentId', message: 'the new parent is this category or one of its descendants' });

export function inUseError(children: number, products: number): FieldError | null {
  if (!children && !products) return null;
  return { code: 'IN_USE', field: 'input.id', message: `the category still has ${children} subcategories and ${products} products; move or delete them first` };
}
