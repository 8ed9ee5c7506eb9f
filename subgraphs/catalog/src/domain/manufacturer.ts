/** Manufacturer rules, pure: validation, and who may act for a manufacturer. */
import type { Viewer } from '@miw/auth';
import { Checker, defined, type FieldError } from './fields';

export interface ManufacturerFields {
  name: string;
  country: string | null;
  organizationId: string | null;
}
export type CreateManufacturerInput = { name: string; country?: string | null; organizationId?: string | null };
export type UpdateManufacturerInput = { id: string } & { [K in keyof ManufacturerFields]?: ManufacturerFields[K] | null };

type Result<T> = { value: T; errors: [] } | { value: null; errors: FieldError[] };

function check(input: Omit<UpdateManufacturerInput, 'id'>): Result<Partial<ManufacturerFields>> {
  const c = new Checker();
  const out: Partial<ManufacturerFields> = {};
  if (c.notNull('name', input.name)) out.name = c.text('name', input.name, 1, 200);
  if (input.country !== undefined) out.country = input.country === null ? null : c.country('country', input.country);
  if (input.organizationId !== undefined) out.organizationId = c.id('organizationId', input.organizationId);
  return c.errors.length ? { value: null, errors: c.errors } : { value: defined(out), errors: [] };
}

export const validateNewManufacturer = (input: CreateManufacturerInput) =>
  check({ name: input.name, country: input.country ?? null, organizationId: input.organizationId ?? null }) as Result<ManufacturerFields>;

export function validateManufacturerChanges(input: UpdateManufacturerInput): Result<Partial<ManufacturerFields>> {
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
