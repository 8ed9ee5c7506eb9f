/** Rules for users and organizations, pure. */
import type { OrganizationKind, Role, UserErrorCode } from '../schema.generated';
import { normalizeEmail } from './login';

/** A refused change to a user, an organization or an API key (`UserError` of the schema). */
export interface FieldError {
  code: UserErrorCode;
  field: string | null;
  message: string;
}

/** Roles that act for an organization, and the kind of organization each needs. */
const ORGANIZATION_KIND_OF_ROLE: Partial<Record<Role, OrganizationKind>> = { MANUFACTURER: 'MANUFACTURER', LOGISTICS: 'LOGISTICS', PARTNER: 'PARTNER' };

export function checkName(name: string, field: string): FieldError[] {
  const trimmed = name.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed.length < 1 || trimmed.length > 120 || /[\u0000-\u001F\u007F]/.test(trimmed)) return [{ code: 'INVALID', field, message: `${field.split('.').pop()} must be 1 to 120 printable characters` }];
  return [];
}

export function checkEmail(email: string): { email: string | null; errors: FieldError[] } {
  const normalized = normalizeEmail(email);
  return normalized ? { email: normalized, errors: [] } : { email: null, errors: [{ code: 'INVALID', field: 'input.email', message: 'email is not a valid email address' }] };
}

/** A role and an organization fit together: organization roles need an organization of their kind, others none. */
export function checkRoleOrganization(role: Role, organization: { kind: OrganizationKind } | null | undefined, organizationGiven: boolean): FieldError[] {
  const needs = ORGANIZATION_KIND_OF_ROLE[role];
  if (!needs) return organizationGiven ? [{ code: 'INVALID', field: 'input.organizationId', message: `a ${role} acts for no organization` }] : [];
  if (!organizationGiven) return [{ code: 'INVALID', field: 'input.organizationId', message: `a ${role} needs an organization of kind ${needs}` }];
  if (organization === null || organization === undefined) return [{ code: 'NOT_FOUND', field: 'input.organizationId', message: 'no organization has this id' }];
  if (organization.kind !== needs) return [{ code: 'INVALID', field: 'input.organizationId', message: `a ${role} needs an organization of kind ${needs}, not ${organization.kind}` }];
  return [];
}
