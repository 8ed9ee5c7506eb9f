import type { OrganizationKind, Role } from '../../gql/graphql';

export const ROLES: Role[] = ['ADMIN', 'MANUFACTURER', 'LOGISTICS', 'PARTNER', 'CUSTOMER'];
export const KINDS: OrganizationKind[] = ['MANUFACTURER', 'LOGISTICS', 'PARTNER'];

/** The organization kind a role works for (admins and shoppers have none). */
export const kindOfRole = (role: Role): OrganizationKind | null => (role === 'MANUFACTURER' || role === 'LOGISTICS' || role === 'PARTNER' ? role : null);
