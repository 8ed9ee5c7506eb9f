import type { UserViewer } from '@miw/auth';
import { validateCategoryChanges, validateNewCategory } from './category';
import { actsForManufacturer, validateManufacturerChanges } from './manufacturer';
import { validateProductChanges } from './product';
import { validateNewStore } from './store';

const viewer = (role: UserViewer['role'], organizationId: string | null): UserViewer => ({ kind: 'user', userId: 'u', role, organizationId, region: 'eu', scopes: [] });
const ORG = '0b1e0000-0000-4000-8000-000000000001';
const ID = '9d000000-0000-4000-8000-000000000001';

describe('actsForManufacturer', () => {
  it('lets admins act for anyone and manufacturers for their own organization only', () => {
    expect(actsForManufacturer(viewer('ADMIN', null), null)).toBe(true);
    expect(actsForManufacturer(viewer('MANUFACTURER', ORG), { organizationId: ORG })).toBe(true);
    expect(actsForManufacturer(viewer('MANUFACTURER', ORG), { organizationId: ID })).toBe(false);
    expect(actsForManufacturer(viewer('MANUFACTURER', ORG), { organizationId: null })).toBe(false);
    expect(actsForManufacturer(viewer('MANUFACTURER', null), { organizationId: null })).toBe(false);
    expect(actsForManufacturer(viewer('MANUFACTURER', ORG), null)).toBe(false);
    expect(actsForManufacturer(viewer('PARTNER', ORG), { organizationId: ORG })).toBe(false);
    expect(actsForManufacturer(null, { organizationId: ORG })).toBe(false);
  });
});

describe('changes', () => {
  it('keeps only the given fields; null clears optional references and is refused for required ones', () => {
    expect(validateProductChanges({ id: ID, name: ' New ', categoryId: null })).toEqual({ changes: { name: 'New', categoryId: null }, errors: [] });
    expect(validateProductChanges({ id: ID, sku: null, price: null }).errors.map((e) => e.field)).toEqual(['input.sku', 'input.price']);
    expect(validateManufacturerChanges({ id: ID, country: 'fr' })).toEqual({ value: { country: 'FR' }, errors: [] });
  });

  it('refuses a category as its own parent and normalizes slugs', () => {
    expect(validateCategoryChanges({ id: ID, parentId: ID.toUpperCase() }).errors).toEqual([expect.objectContaining({ code: 'CATEGORY_CYCLE' })]);
    expect(validateNewCategory({ name: 'Tea', slug: ' Green-Tea ' }).value).toEqual({ name: 'Tea', slug: 'green-tea', parentId: null });
    expect(validateNewCategory({ name: 'Tea', slug: 'green--tea' }).errors[0]?.field).toBe('input.slug');
  });

  it('validates store codes, addresses and coordinates', () => {
    const ok = validateNewStore({ code: 'eu-ber-02', name: 'Berlin 2', region: 'eu', address: { line1: 'Street 1', city: 'Berlin', country: 'de', line2: ' ' }, location: { lat: 52.5, lng: 13.4 } });
    expect(ok.value).toMatchObject({ code: 'EU-BER-02', address: { country: 'DE', line2: null, postalCode: null }, latitude: 52.5, longitude: 13.4, partnerOrganizationId: null });
    const bad = validateNewStore({ code: 'x', name: 'n', region: 'eu', address: { line1: 'a', city: 'b', country: 'DE' }, location: { lat: Number.NaN, lng: 180.5 } });
    expect(bad.errors.map((e) => e.field)).toEqual(['input.code', 'input.location.lat', 'input.location.lng']);
  });
});
