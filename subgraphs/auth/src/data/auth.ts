/** Every auth query. Reads take the client; writes take the transaction they belong to. */
import type { AuthDb, Organization, User } from './db';

/** Soft-deleted rows are invisible to the API. */
const live = { deletedAt: null };

export const findUsers = (db: AuthDb, ids: readonly string[]): Promise<User[]> =>
  db.user.findMany({ where: { id: { in: [...ids] }, ...live } });

export const findOrganizations = (db: AuthDb, ids: readonly string[]): Promise<Organization[]> =>
  db.organization.findMany({ where: { id: { in: [...ids] }, ...live } });
