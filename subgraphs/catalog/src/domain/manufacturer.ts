/** Manufacturer rules, pure: validation, and who may act for a manufacturer. */
import type { Viewer } from '@miw/auth';
import { defined } from '@miw/service-kit';
import type { CreateManufacturerInput, UpdateManufacturerInput } from '../schema.generated';
import { checked, fieldChecker, type Checked, type FieldError } from './fields';

export interface ManufacturerFields {
  name: string;
  country: string | null;
  organizationId: string | null;
}

function check(input: Omit<UpdateManufacturerInput, 'id'>): Checked<Partial<ManufacturerFields>> {
  const c = fieldChecker();
  const out: Partial<ManufacturerFields> = {};
  if (c.notNull('name', input.name)) out.name = c.text('name', input.name, 1, 200);
  if (input.country !== undefined) out.country = input.country === null ? null : c.country('country', input.country);
  if (input.organizationId !== undefined) out.organizationId = c.id('organizationId', input.organizationId);
  return checked(c, defined(out));
}

export const validateNewManufacturer = (input: CreateManufacturerInput) =>
  check({ name: input.name, country: input.country ?? null, organizationId: input.organizationId ?? null }) as Checked<ManufacturerFields>;

export function validateManufacturerChanges(input: UpdateManufacturerInput): Checked<Partial<ManufacturerFields>> {
  const { id: _id, ...rest } = input;
  return check(rest);
}

/**
 * Whether the viewer may create or change products of `manufacturer`: admins always; a
 * MANUFACTURER user only when the manufacturer belongs to the user's organization.
 */
export function actsForManufacturer(viewer: Viewer, manufacturer: { organizationId: string | null } | null | undefined): boolean {
  if (viewer?.role === 'ADMIN') return true;
  if (viewer?.role !== 'MANUFACTURER' || !viewer.organizationId) return false;
  return Boolean(manufacturer?.organizationId) && manufacturer!.organizationId === viewer.organizationId;
}

/** IN_USE while live products name the manufacturer: delete or reassign them first. */
export function manufacturerInUseError(liveProducts: number): FieldError | null {
  return liveProducts ? { code: 'IN_USE', field: 'input.id', message: `${liveProducts} live products name this manufacturer; delete or reassign them first` } : null;
}
