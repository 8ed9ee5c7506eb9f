import { validateNewProduct, type CreateProductInput } from './product';

const base: CreateProductInput = { sku: 'tea-001', name: ' Green tea ', price: { amount: 1299, currency: 'eur' } };

describe('validateNewProduct', () => {
  it('normalizes a valid product', () => {
    const { product, errors } = validateNewProduct(base);
    expect(errors).toEqual([]);
    expect(product).toMatchObject({ sku: 'TEA-001', name: 'Green tea', currency: 'EUR', priceAmount: 1299, status: 'DRAFT', attributes: {} });
  });

  it('reports every invalid field with its path', () => {
    const { product, errors } = validateNewProduct({
      sku: 'x',
      name: '',
      description: 'a'.repeat(10_001),
      price: { amount: -1, currency: 'XXX' },
      manufacturerId: 'nope',
    });
    expect(product).toBeNull();
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['input.description', 'input.manufacturerId', 'input.name', 'input.price.amount', 'input.price.currency', 'input.sku'].sort(),
    );
    expect(errors.every((e) => e.code === 'INVALID')).toBe(true);
  });

  it('rejects control characters and fractional amounts', () => {
    expect(validateNewProduct({ ...base, name: 'a\u0000b' }).errors[0]?.field).toBe('input.name');
    expect(validateNewProduct({ ...base, price: { amount: 1.5, currency: 'EUR' } }).errors[0]?.field).toBe('input.price.amount');
  });
});
