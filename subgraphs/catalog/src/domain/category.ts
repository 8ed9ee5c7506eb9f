/**
 * Category rules, pure. The tree: a category cannot become its own ancestor (CATEGORY_CYCLE), and
 * a category with live subcategories or products cannot be deleted (IN_USE): move or delete them
 * first, so no product or subcategory ever points at a tombstone.
 */
import { defined } from '@miw/service-kit';
import type { CreateCategoryInput, UpdateCategoryInput } from '../schema.generated';
import { checked, fieldChecker, type Checked, type FieldError } from './fields';

export interface CategoryFields {
  name: string;
  slug: string;
  parentId: string | null;
}

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Deepest tree the queries walk; deeper chains are cut (a guard against corrupt mirrors). */
export const MAX_CATEGORY_DEPTH = 32;

function check(input: Omit<UpdateCategoryInput, 'id'>, self?: string): Checked<Partial<CategoryFields>> {
  const c = fieldChecker();
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
  return checked(c, defined(out));
}

export const validateNewCategory = (input: CreateCategoryInput) => check({ name: input.name, slug: input.slug, parentId: input.parentId ?? null }) as Checked<CategoryFields>;

export function validateCategoryChanges(input: UpdateCategoryInput): Checked<Partial<CategoryFields>> {
  const { id, ...rest } = input;
  return check(rest, id);
}

export const cycleError = (): FieldError => ({ code: 'CATEGORY_CYCLE', field: 'input.parentId', message: 'the new parent is this category or one of its descendants' });

export function inUseError(children: number, products: number): FieldError | null {
  if (!children && !products) return null;
  return { code: 'IN_USE', field: 'input.id', message: `the category still has ${children} subcategories and ${products} products; move or delete them first` };
}
