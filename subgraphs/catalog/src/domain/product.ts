/** Product rules, pure: validation of new products and of changes to one. */
import type { Viewer } from '@miw/auth';
import { defined } from '@miw/service-kit';
import type { CreateProductInput, ProductStatus, UpdateProductInput } from '../schema.generated';
import { fieldChecker, type Checker, type FieldError } from './fields';

export type { CreateProductInput, UpdateProductInput } from '../schema.generated';

export interface NewProduct {
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  attributes: Record<string, unknown>;
  images: string[];
  status: ProductStatus;
  manufacturerId: string | null;
  categoryId: string | null;
}

const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]{1,63}$/;
/** Currencies the marketplace settles in. */
export const CURRENCIES: ReadonlySet<string> = new Set(['EUR', 'CNY', 'USD', 'GBP', 'CHF', 'PLN', 'SEK', 'DKK', 'CZK', 'HUF', 'HKD', 'JPY']);
const MAX_PRICE = 1_000_000_000; // 10 million in major units
const MAX_IMAGES = 20;

/** Checks the fields present in `input` (undefined: not given); null is refused where a value is required. */
function checkProductFields(input: Omit<UpdateProductInput, 'id'>, c: Checker): Partial<NewProduct> {
  const out: Partial<NewProduct> = {};
  if (c.notNull('sku', input.sku)) out.sku = c.matching('sku', input.sku.trim().toUpperCase(), SKU_PATTERN, 'SKU must be 2 to 64 characters of A-Z, 0-9, ".", "_" or "-", starting with a letter or digit');
  if (c.notNull('name', input.name)) out.name = c.text('name', input.name, 1, 200);
  if (input.description !== undefined) out.description = c.text('description', input.description ?? '', 0, 10_000);
  if (c.notNull('price', input.price)) {
    const { amount } = input.price;
    if (!Number.isInteger(amount) || amount < 0 || amount > MAX_PRICE) c.bad('price.amount', `price.amount must be an integer from 0 to ${MAX_PRICE} (minor units)`);
    else out.priceAmount = amount;
    const currency = input.price.currency.trim().toUpperCase();
    out.currency = CURRENCIES.has(currency) ? currency : c.bad('price.currency', `price.currency must be one of ${[...CURRENCIES].join(', ')}`);
  }
  if (c.notNull('attributes', input.attributes)) out.attributes = input.attributes;
  if (input.images !== undefined) out.images = c.urls('images', input.images ?? [], MAX_IMAGES);
  if (c.notNull('status', input.status)) out.status = input.status;
  if (input.manufacturerId !== undefined) out.manufacturerId = c.id('manufacturerId', input.manufacturerId);
  if (input.categoryId !== undefined) out.categoryId = c.id('categoryId', input.categoryId);
  return defined(out);
}

export function validateNewProduct(input: CreateProductInput): { product: NewProduct; errors: [] } | { product: null; errors: FieldError[] } {
  const c = fieldChecker();
  const fields = checkProductFields(
    { ...input, description: input.description ?? '', attributes: input.attributes ?? {}, images: input.images ?? [], status: input.status ?? 'DRAFT', manufacturerId: input.manufacturerId ?? null, categoryId: input.categoryId ?? null },
    c,
  );
  if (!c.ok) return { product: null, errors: c.errors };
  return { product: fields as NewProduct, errors: [] };
}

/** The changes `input` asks for (only the given fields), or every invalid field. */
export function validateProductChanges(input: UpdateProductInput): { changes: Partial<NewProduct>; errors: [] } | { changes: null; errors: FieldError[] } {
  const c = fieldChecker();
  const { id: _id, ...rest } = input;
  const changes = checkProductFields(rest, c);
  if (!c.ok) return { changes: null, errors: c.errors };
  return { changes, errors: [] };
}

/**
 * Which products a viewer may see besides ACTIVE ones: admins every status; a manufacturer's users
 * also the drafts and archived products of their own organization's manufacturers; anyone else none.
 */
export type ProductVisibility = { all: true } | { organizationId: string | null };

export function productVisibility(viewer: Viewer): ProductVisibility {
  if (viewer?.role === 'ADMIN') return { all: true };
  return { organizationId: viewer?.role === 'MANUFACTURER' ? viewer.organizationId : null };
}

