/** Admin operations on users and organizations (access rule: ADMIN, see ../rules.ts). */
import { optionalUuid, pageSize, requireUuid, userInputError } from '@miw/service-kit';
import { auditCursor, listAuditLog } from '../services/audit';
import { invitationCursor, inviteToOrganization, listInvitations, revokeInvitation } from '../services/invitations';
import { createOrganization, deactivateOrganization, listOrganizations, organizationCursor, updateOrganization } from '../services/organizations';
import { createUser, deactivateUser, listUsers, updateUser, userCursor } from '../services/users';
import type { MutationResolvers, QueryResolvers } from '../schema.generated';

/** Longer searches are cut to this length. */
const MAX_SEARCH = 100;
/** Audit actions are short dotted names; longer filters cannot match and are refused. */
const MAX_ACTION = 64;
const searchOf = (search: string | null | undefined) => (search && search.length > MAX_SEARCH ? search.slice(0, MAX_SEARCH) : search);
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

  organizations(_, args, ctx) {
    const size = pageSize(args.first);
    const filter = { ...args.filter, search: searchOf(args.filter?.search) };
    return listOrganizations(ctx, { filter, size, after: organizationCursor.decode(args.after) });
  },

  invitations: (_, args, ctx) =>
    listInvitations(ctx, { organizationId: requireUuid(args.organizationId, 'organizationId'), size: pageSize(args.first), after: invitationCursor.decode(args.after) }),

  auditLog(_, args, ctx) {
    const size = pageSize(args.first);
    const f = args.filter ?? {};
    if (f.action && f.action.length > MAX_ACTION) throw userInputError(`filter.action is at most ${MAX_ACTION} characters`, { field: 'filter.action' });
    if (f.targetType && f.targetType.length > MAX_ACTION) throw userInputError(`filter.targetType is at most ${MAX_ACTION} characters`, { field: 'filter.targetType' });
    const filter = {
      actorId: optionalUuid(f.actorId, 'filter.actorId'),
      targetId: optionalUuid(f.targetId, 'filter.targetId'),
      action: f.action ?? null,
      targetType: f.targetType ?? null,
      since: f.since ?? null,
      until: f.until ?? null,
    };
    return listAuditLog(ctx, { filter, size, after: auditCursor.decode(args.after) });
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

  updateOrganization: (_, { input }, ctx) => updateOrganization(ctx, { id: requireUuid(input.id, 'input.id'), name: input.name ?? null }),

  deactivateOrganization: (_, { id }, ctx) => deactivateOrganization(ctx, { id: requireUuid(id, 'id') }),

  inviteToOrganization: (_, { input }, ctx) =>
    inviteToOrganization(ctx, { organizationId: requireUuid(input.organizationId, 'input.organizationId'), email: input.email, role: input.role, name: input.name ?? null, locale: input.locale ?? null }),

  revokeInvitation: (_, { id }, ctx) => revokeInvitation(ctx, { id: requireUuid(id, 'id') }),
};
