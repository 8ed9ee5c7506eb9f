/** Admin operations on users and organizations (access rule: ADMIN, see ../rules.ts). */
import type { Role } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { pageSize, requireUuid, timeCursor, toConnection } from '@miw/service-kit';
import type { AuthContext } from '../context';
import { Prisma } from '../data/db';
import { revokeAllOfUser } from '../data/sessions';
import { findOrganization, findUserIncludingDeactivated, insertOrganization, insertUser, listUsers, updateUserRow, type UserFilter } from '../data/users';
import { checkEmail, checkName, checkRoleOrganization, type FieldError, type OrganizationKind } from '../domain/users';
import { authEvent } from '../events/auth-events';

const userCursor = timeCursor('user');
const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
const failed = (errors: FieldError[]) => ({ user: null, errors });

export const AdminQuery = {
  async users(_: unknown, args: { filter?: UserFilter | null; first?: number | null; after?: string | null }, ctx: AuthContext) {
    const size = pageSize(args.first);
    const filter = { ...args.filter };
    if (filter.organizationId) filter.organizationId = requireUuid(filter.organizationId, 'filter.organizationId');
    if (filter.search && filter.search.length > 100) filter.search = filter.search.slice(0, 100);
    const after = userCursor.decode(args.after);
    const rows = size === 0 ? [] : await listUsers(ctx.db, filter, size + 1, after);
    return toConnection(rows, size, userCursor.encode, Boolean(after));
  },
};

interface UserInput {
  email: string;
  name: string;
  role: Role;
  organizationId?: string | null;
  homeRegion?: 'eu' | 'cn' | null;
}

export const AdminMutation = {
  async createUser(_: unknown, { input }: { input: UserInput }, ctx: AuthContext) {
    const { email, errors: emailErrors } = checkEmail(input.email);
    const orgId = input.organizationId ? requireUuid(input.organizationId, 'input.organizationId') : null;
    const organization = orgId ? await findOrganization(ctx.db, orgId) : null;
    const errors = [...emailErrors, ...checkName(input.name, 'input.name'), ...checkRoleOrganization(input.role, organization as { kind: OrganizationKind } | null, Boolean(orgId))];
    if (errors.length || !email) return failed(errors);
    try {
      const user = await ctx.db.$transaction(async (tx) => {
        const row = await insertUser(tx, { email, name: input.name.trim(), role: input.role, organizationId: orgId, homeRegion: input.homeRegion ?? ctx.region, originRegion: ctx.region });
        await writeOutbox(tx, 'auth', [authEvent('User', 'created', row, ctx.region, ctx.correlationId)]);
        return row;
      });
      return { user, errors: [] };
    } catch (error) {
      if (isUniqueViolation(error)) return failed([{ code: 'EMAIL_TAKEN', field: 'input.email', message: 'another user has this email' }]);
      throw error;
    }
  },

  async updateUser(_: unknown, { input }: { input: { id: string; name?: string | null; role?: Role | null; organizationId?: string | null } }, ctx: AuthContext) {
    const id = requireUuid(input.id, 'input.id');
    const current = await findUserIncludingDeactivated(ctx.db, id);
    if (!current || current.deletedAt) return failed([{ code: 'NOT_FOUND', field: 'input.id', message: 'no active user has this id' }]);
    const role = input.role ?? current.role;
    const orgGiven = input.organizationId !== undefined;
    const orgId = orgGiven ? (input.organizationId ? requireUuid(input.organizationId, 'input.organizationId') : null) : current.organizationId;
    const organization = orgId ? await findOrganization(ctx.db, orgId) : null;
    const errors = [...(input.name != null ? checkName(input.name, 'input.name') : []), ...checkRoleOrganization(role, organization as { kind: OrganizationKind } | null, Boolean(orgId))];
    if (errors.length) return failed(errors);
    const user = await ctx.db.$transaction(async (tx) => {
      const row = await updateUserRow(tx, id, { role, organizationId: orgId, ...(input.name != null ? { name: input.name.trim() } : {}) });
      await writeOutbox(tx, 'auth', [authEvent('User', 'updated', row, ctx.region, ctx.correlationId)]);
      return row;
    });
    // New role or organization: sessions of the old identity end now; access tokens within 15 minutes.
    if (user.role !== current.role || user.organizationId !== current.organizationId) await revokeAllOfUser(ctx.db, id);
    return { user, errors: [] };
  },

  async deactivateUser(_: unknown, { id: raw }: { id: string }, ctx: AuthContext) {
    const id = requireUuid(raw, 'id');
    if (ctx.viewer?.userId === id) return failed([{ code: 'CANNOT_DEACTIVATE_SELF', field: 'id', message: 'admins cannot deactivate themselves' }]);
    const current = await findUserIncludingDeactivated(ctx.db, id);
    if (!current || current.deletedAt) return failed([{ code: 'NOT_FOUND', field: 'id', message: 'no active user has this id' }]);
    const user = await ctx.db.$transaction(async (tx) => {
      const row = await updateUserRow(tx, id, { deletedAt: new Date() });
      await writeOutbox(tx, 'auth', [authEvent('User', 'deactivated', row, ctx.region, ctx.correlationId)]);
      await tx.refreshToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
      return row;
    });
    return { user, errors: [] };
  },

  async createOrganization(_: unknown, { input }: { input: { name: string; kind: OrganizationKind } }, ctx: AuthContext) {
    const errors = checkName(input.name, 'input.name');
    if (errors.length) return { organization: null, errors };
    const organization = await ctx.db.$transaction(async (tx) => {
      const row = await insertOrganization(tx, { name: input.name.trim(), kind: input.kind, originRegion: ctx.region });
      await writeOutbox(tx, 'auth', [authEvent('Organization', 'created', row, ctx.region, ctx.correlationId)]);
      return row;
    });
    return { organization, errors: [] };
  },
};
