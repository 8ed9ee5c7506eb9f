/** Product rules, pure: validation of a new product. */

export interface MoneyInput {
  amount: number;
  currency: string;
}

export interface CreateProductInput {
  sku: string;
  name: string;
  description?: string | null;
  price: MoneyInput;
  attributes?: Record<string, unknown> | null;
  status?: 'DRAFT' | 'ACTIVE' | 'ARCHIVED' | null;
  manufacturerId?: string | null;
  categoryId?: string | null;
}

export interface FieldError {
  code: 'INVALID' | 'SKU_TAKEN' | 'NOT_FOUND';
  field: string;
  message: string;
}

export interface NewProduct {
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  attributes: Record<string, unknown>;
  status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
  manufacturerId: string | null;
  categoryId: string | null;
}

export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]{1,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Currencies the marketplace settles in. */
export const CURRENCIES = new Set(['EUR', 'CNY', 'USD', 'GBP', 'CHF', 'PLN', 'SEK', 'DKK', 'CZK', 'HUF', 'HKD', 'JPY']);
const MAX_PRICE = 1_000_000_000; // 10 million in major units

// Control characters other than tab/newline have no place in names and descriptions.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function validateNewProduct(input: CreateProductInput): { product: NewProduct; errors: [] } | { product: null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ code: 'INVALID', field: `input.${field}`, message });

  const sku = input.sku.trim().toUpperCase();
  if (!SKU_PATTERN.test(sku)) bad('sku', 'SKU must be 2 to 64 characters of A-Z, 0-9, ".", "_" or "-", starting with a letter or digit');

  const name = input.name.trim();
  if (name.length < 1 || name.length > 200) bad('name', 'name must be 1 to 200 characters');
  else if (CONTROL.test(name)) bad('name', 'name must not contain control characters');

  const description = (input.description ?? '').trim();
  if (description.length > 10_000) bad('description', 'description must be at most 10,000 characters');
  else if (CONTROL.test(description)) bad('description', 'description must not contain control characters');

  const { amount } = input.price;
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_PRICE) bad('price.amount', `price.amount must be an integer from 0 to ${MAX_PRICE} (minor units)`);
  const currency = input.price.currency.trim().toUpperCase();
  if (!CURRENCIES.has(currency)) bad('price.currency', `price.currency must be one of ${[...CURRENCIES].join(', ')}`);

  for (const key of ['manufacturerId', 'categoryId'] as const) {
    const id = input[key];
    if (id != null && !UUID.test(id)) bad(key, `${key} is not a valid id`);
  }

  if (errors.length) return { product: null, errors };
  return {
    errors: [],
    product: {
      sku,
      name,
      description,
      priceAmount: amount,
      currency,
      attributes: input.attributes ?? {},
      status: input.status ?? 'DRAFT',
      manufacturerId: input.manufacturerId?.toLowerCase() ?? null,
      categoryId: input.categoryId?.toLowerCase() ?? null,
    },
  };
}
