/** Product rules, pure: validation of new products and of changes to one. */
import { Checker, defined, type FieldError } from './fields';

export type { FieldError } from './fields';

export interface MoneyInput {
  amount: number;
  currency: string;
}

export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface CreateProductInput {
  sku: string;
  name: string;
  description?: string | null;
  price: MoneyInput;
  attributes?: Record<string, unknown> | null;
  images?: string[] | null;
  status?: ProductStatus | null;
  manufacturerId?: string | null;
  categoryId?: string | null;
}

export type UpdateProductInput = { id: string } & { [K in keyof CreateProductInput]?: CreateProductInput[K] | null };

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

export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]{1,63}$/;
/** Currencies the marketplace settles in. */
export const CURRENCIES = new Set(['EUR', 'CNY', 'USD', 'GBP', 'CHF', 'PLN', 'SEK', 'DKK', 'CZK', 'HUF', 'HKD', 'JPY']);
const MAX_PRICE = 1_000_000_000; // 10 million in major units

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
    out.currency = checkCurrency(c, 'price.currency', input.price.currency);
  }
  if (c.notNull('attributes', input.attributes)) out.attributes = input.attributes;
  if (input.images !== undefined) out.images = c.imageUrls('images', input.images ?? []);
  if (c.notNull('status', input.status)) out.status = input.status;
  if (input.manufacturerId !== undefined) out.manufacturerId = c.id('manufacturerId', input.manufacturerId);
  if (input.categoryId !== undefined) out.categoryId = c.id('categoryId', input.categoryId);
  return defined(out);
}

export function checkCurrency(c: Checker, field: string, value: string): string | undefined {
  const currency = value.trim().toUpperCase();
  return CURRENCIES.has(currency) ? currency : c.bad(field, `${field} must be one of ${[...CURRENCIES].join(', ')}`);
}

export function validateNewProduct(input: CreateProductInput): { product: NewProduct; errors: [] } | { product: null; errors: FieldError[] } {
  const c = new Checker();
  const fields = checkProductFields(
    { ...input, description: input.description ?? '', attributes: input.attributes ?? {}, images: input.images ?? [], status: input.status ?? 'DRAFT', manufacturerId: input.manufacturerId ?? null, categoryId: input.categoryId ?? null },
    c,
  );
  if (c.errors.length) return { product: null, errors: c.errors };
  return { product: fields as NewProduct, errors: [] };
}

/** The changes `input` asks for (only the given fields), or every invalid field. */
export function validateProductChanges(input: UpdateProductInput): { changes: Partial<NewProduct>; errors: [] } | { changes: null; errors: FieldError[] } {
  const c = new Checker();
  const { id: _id, ...rest } = input;
  const changes = checkProductFields(rest, c);
  if (c.errors.length) return { changes: null, errors: c.errors };
  return { changes, errors: [] };
}
