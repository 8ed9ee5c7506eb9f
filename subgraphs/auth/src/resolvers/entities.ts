import type { OrganizationResolvers, UserResolvers } from '../schema.generated';

export const User: UserResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.user.load(id),
  organization: (u, _, ctx) => (u.organizationId ? ctx.loaders.organization.load(u.organizationId) : null),
  deactivatedAt: (u) => u.deletedAt,
};

export const Organization: OrganizationResolvers = {
  __resolveReference: ({ id }, ctx) => ctx.loaders.organization.load(id),
};
