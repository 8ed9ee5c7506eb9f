/** Store rules, pure: validation of stores and of `stores(near:)`. */
import type { RegionCode } from '@miw/contracts';
import { defined, userInputError } from '@miw/service-kit';
import type { CreateStoreInput, GeoNearInput, UpdateStoreInput } from '../schema.generated';
import { checked, fieldChecker, type Checked } from './fields';
import { MAX_RADIUS_KM } from './geo';

export interface StoreFields {
  code: string;
  name: string;
  region: RegionCode;
  address: { line1: string; line2: string | null; city: string; postalCode: string | null; country: string };
  latitude: number;
  longitude: number;
  partnerOrganizationId: string | null;
}

const STORE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

function check(input: Omit<UpdateStoreInput, 'id'>): Checked<Partial<StoreFields>> {
  const c = fieldChecker();
  const out: Partial<StoreFields> = {};
  if (c.notNull('code', input.code)) out.code = c.matching('code', input.code.trim().toUpperCase(), STORE_CODE_PATTERN, 'code must be 2 to 32 characters of A-Z, 0-9 and "-"');
  if (c.notNull('name', input.name)) out.name = c.text('name', input.name, 1, 200);
  if (c.notNull('region', input.region)) out.region = input.region;
  if (c.notNull('address', input.address)) {
    const a = input.address;
    const address = {
      line1: c.text('address.line1', a.line1, 1, 200),
      line2: c.optionalText('address.line2', a.line2, 200),
      city: c.text('address.city', a.city, 1, 100),
      postalCode: c.optionalText('address.postalCode', a.postalCode, 20),
      country: c.country('address.country', a.country),
    };
    out.address = address as StoreFields['address'];
  }
  if (c.notNull('location', input.location)) {
    out.latitude = c.range('location.lat', input.location.lat, -90, 90);
    out.longitude = c.range('location.lng', input.location.lng, -180, 180);
  }
  if (input.partnerOrganizationId !== undefined) out.partnerOrganizationId = c.id('partnerOrganizationId', input.partnerOrganizationId);
  return checked(c, defined(out));
}

export const validateNewStore = (input: CreateStoreInput) => check({ ...input, partnerOrganizationId: input.partnerOrganizationId ?? null }) as Checked<StoreFields>;

export function validateStoreChanges(input: UpdateStoreInput): Checked<Partial<StoreFields>> {
  const { id: _id, ...rest } = input;
  return check(rest);
}

/** `stores(near:)` is a request parameter: out of range is BAD_USER_INPUT, not a payload error. */
export function checkNear(near: GeoNearInput): void {
  const ok = (v: number, min: number, max: number) => Number.isFinite(v) && v >= min && v <= max;
  if (!ok(near.lat, -90, 90)) throw userInputError('near.lat must be between -90 and 90', { field: 'near.lat' });
  if (!ok(near.lng, -180, 180)) throw userInputError('near.lng must be between -180 and 180', { field: 'near.lng' });
  if (!ok(near.radiusKm, Number.MIN_VALUE, MAX_RADIUS_KM)) throw userInputError(`near.radiusKm must be greater than 0 and at most ${MAX_RADIUS_KM}`, { field: 'near.radiusKm' });
}
