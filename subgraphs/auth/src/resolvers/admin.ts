/** Admin operations on users and organizations (access rule: ADMIN, see ../rules.ts). */
import { pageSize, requireUuid } from '@miw/service-kit';
import { createOrganization } from '../services/organizations';
import { createUser, deactivateUser, listUsers, updateUser, userCursor } from '../services/users';
import type { MutationResolvers, QueryResolvers } from '../schema.generated';

/** Longer searches are cut to this length. */
const MAX_SEARCH = 100;
/** An empty id means none, as before ids were checked. */
const organizationIdOf = (value: string | null | undefined) => (value ? requireUuid(value, 'input.organizationId') : null);

export const AdminQuery: QueryResolvers = {
  users(_, args, ctx) {
    const size = pageSize(args.first);
    const filter = { ...args.filter };
    if (filter.organizationId) filter.organizationId = requireUuid(filter.organizationId, 'filter.organizationId');
    if (filter.search && filter.search.length > MAX_SEARCH) filter.search = filter.search.slice(0, MAX_SEARCH);
    return listUsers(ctx, { filter, size, after: userCursor.decode(args.after) });
  },
};

export const AdminMutation: MutationResolvers = {
  createUser: (_, { input }, ctx) =>
    createUser(ctx, { email: input.email, name: input.name, role: input.role, organizationId: organizationIdOf(input.organizationId), homeRegion: input.homeRegion ?? null }),

  updateUser: (_, { input }, ctx) =>
    updateUser(ctx, {
      id: requireUuid(input.id, 'input.id'),
      name: input.name,
      role: input.role,
      organizationId: input.organizationId === undefined ? undefined : organizationIdOf(input.organizationId),
    }),

  deactivateUser: (_, { id }, ctx) => deactivateUser(ctx, { id: requireUuid(id, 'id') }),

  createOrganization: (_, { input }, ctx) => createOrganization(ctx, { name: input.name, kind: input.kind }),
};
