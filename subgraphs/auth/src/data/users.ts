/** Admin queries and writes on users and organizations. */
import { afterTimeCursor } from '@miw/service-kit';
import type { Role } from '@miw/auth';
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
