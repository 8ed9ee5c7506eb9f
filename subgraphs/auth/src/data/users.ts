/** Admin queries and writes on users and organizations. */
import { afterTimeCursor } from '@miw/service-kit';
import type { Role } from '@miw/auth';
import type { OrganizationKind } from '../schema.generated';
import type { AuthDb, AuthTx, Organization, Prisma, User } from './db';

export interface UserFilter {
  role?: Role | null;
  organizationId?: string | null;
  search?: string | null;
  includeDeactivated?: boolean | null;
}

/** A page of users ordered by (createdAt, id), `limit` rows after the cursor. */
export function listUsers(db: AuthDb, filter: UserFilter, limit: number, after?: { createdAt: Date; id: string }): Promise<User[]> {
  const where: Prisma.UserWhereInput = {
    ...(filter.includeDeactivated ? {} : { deletedAt: null }),
    ...(filter.role ? { role: filter.role } : {}),
    ...(filter.organizationId ? { organizationId: filter.organizationId } : {}),
    ...(filter.search ? { OR: [{ email: { contains: filter.search, mode: 'insensitive' } }, { name: { contains: filter.search, mode: 'insensitive' } }] } : {}),
  };
  const page: Prisma.UserWhereInput = after ? { AND: [where, afterTimeCursor(after, 'asc')] } : where;
  return db.user.findMany({ where: page, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit });
}

export const findOrganization = (tx: AuthTx | AuthDb, id: string): Promise<Organization | null> => tx.organization.findFirst({ where: { id, deletedAt: null } });
export const findUserIncludingDeactivated = (tx: AuthTx | AuthDb, id: string): Promise<User | null> => tx.user.findUnique({ where: { id } });
export const insertUser = (tx: AuthTx, data: Prisma.UserUncheckedCreateInput): Promise<User> => tx.user.create({ data });
export const updateUserRow = (tx: AuthTx, id: string, data: Prisma.UserUncheckedUpdateInput): Promise<User> => tx.user.update({ where: { id }, data });
export const insertOrganization = (tx: AuthTx, data: Prisma.OrganizationUncheckedCreateInput): Promise<Organization> => tx.organization.create({ data });

export interface OrganizationFilter {
  kind?: OrganizationKind | null;
  search?: string | null;
  includeDeactivated?: boolean | null;
}

/** A page of organizations ordered by (createdAt, id), `limit` rows after the cursor. */
export function listOrganizationRows(db: AuthDb, filter: OrganizationFilter, limit: number, after?: { createdAt: Date; id: string }): Promise<Organization[]> {
  const where: Prisma.OrganizationWhereInput = {
    ...(filter.includeDeactivated ? {} : { deletedAt: null }),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.search ? { name: { contains: filter.search, mode: 'insensitive' } } : {}),
  };
  const page: Prisma.OrganizationWhereInput = after ? { AND: [where, afterTimeCursor(after, 'asc')] } : where;
  return db.organization.findMany({ where: page, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit });
}

export const updateOrganizationRow = (tx: AuthTx, id: string, data: Prisma.OrganizationUncheckedUpdateInput): Promise<Organization> => tx.organization.update({ where: { id }, data });

/** Ids of the active members of an organization. */
export async function memberIdsOf(tx: AuthTx, organizationId: string): Promise<string[]> {
  return (await tx.user.findMany({ where: { organizationId, deletedAt: null }, select: { id: true } })).map((u) => u.id);
}

export const findUserByEmail = (tx: AuthTx, email: string): Promise<User | null> => tx.user.findUnique({ where: { email } });

/** The user row locked for this transaction (erasure decides on it). */
export async function lockUser(tx: AuthTx, id: string): Promise<User | null> {
  await tx.$queryRaw`SELECT id FROM auth."user" WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.user.findUnique({ where: { id } });
}

/** Active admins other than `userId`, locked so two admins cannot erase themselves at once. */
export async function countOtherActiveAdmins(tx: AuthTx, userId: string): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM auth."user" WHERE role = 'ADMIN' AND deleted_at IS NULL AND id <> ${userId}::uuid FOR UPDATE`;
  return rows.length;
}

/** Any active admin (admin:create refuses a second one without --force). */
export const findActiveAdmins = (db: AuthDb | AuthTx): Promise<User[]> => db.user.findMany({ where: { role: 'ADMIN', deletedAt: null }, orderBy: { createdAt: 'asc' }, take: 10 });

/**
 * Erasure of a user's personal data from the outbox: the events about them (snapshots, login
 * codes, invitations) keep their shape but lose the address, name and phone.
 */
export async function scrubOutboxOf(tx: AuthTx, userId: string, erased: { email: string; name: string }): Promise<void> {
  await tx.$executeRaw`
    UPDATE auth.outbox SET envelope = jsonb_set(jsonb_set(envelope, '{payload,email}', to_jsonb(${erased.email}::text)), '{payload,name}', to_jsonb(${erased.name}::text))
                                      #- '{payload,phone}'
     WHERE (key = ${userId} OR envelope->'payload'->>'userId' = ${userId}) AND envelope->'payload' ? 'email'`;
}
