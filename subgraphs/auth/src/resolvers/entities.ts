import { invitationStatus, localeOf } from '../domain/accounts';
import type { AuditEntryResolvers, InvitationResolvers, OrganizationResolvers, UserResolvers } from '../schema.generated';

export const User: UserResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.user.load(id),
  organization: (u, _, ctx) => (u.organizationId ? ctx.loaders.organization.load(u.organizationId) : null),
  deactivatedAt: (u) => u.deletedAt,
  locale: (u) => localeOf(u.locale),
};

export const Organization: OrganizationResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.organization.load(id),
  deactivatedAt: (o) => o.deletedAt,
};

export const Invitation: InvitationResolvers = {
  organization: (i, _, ctx) => ctx.loaders.organization.load(i.organizationId),
  user: (i, _, ctx) => ctx.loaders.user.load(i.userId),
  status: (i) => invitationStatus(i, new Date()),
};

/** Snapshots are stored as JSON objects (or SQL NULL). */
const objectOrNull = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

export const AuditEntry: AuditEntryResolvers = {
  before: (e) => objectOrNull(e.before),
  after: (e) => objectOrNull(e.after),
};
