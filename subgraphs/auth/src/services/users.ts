/**
 * Users (admins manage them; the access rule of each field says who may call). Every change
 * writes its snapshot event to the outbox in the same transaction: the sync worker mirrors it.
 * Refused changes are returned as payload errors (`UserError`).
 */
import type { Viewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import { writeOutbox } from '@miw/events';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import { Prisma, type AuthDb, type User } from '../data/db';
import { revokeAllApiKeysOf } from '../data/api-keys';
import { revokeAllOfUser } from '../data/sessions';
import { findOrganization, findUserIncludingDeactivated, insertUser, listUsers as listUserRows, updateUserRow, type UserFilter } from '../data/users';
import { auditedUser, checkLocale } from '../domain/accounts';
import { checkEmail, checkName, checkRoleOrganization, type FieldError } from '../domain/users';
import { userEvent } from '../events/auth-events';
import type { Role } from '../schema.generated';
import { recordAudit } from './audit';

/** What a change needs: where it is made, by whom (null: an operator's command), and the request's correlation id. */
export interface ChangeDeps {
  db: AuthDb;
  region: RegionCode;
  correlationId: string;
  viewer: Viewer;
}

/** Email already used by another account (the unique index said so). */
export const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';

export type UserResult = { user: User; errors: [] } | { user: null; errors: FieldError[] };

const failed = (errors: FieldError[]): UserResult => ({ user: null, errors });

export const userCursor = timeCursor('user');

/** A page of users, oldest first. */
export async function listUsers({ db }: { db: AuthDb }, input: { filter: UserFilter; size: number; after: TimeCursor | undefined }): Promise<Connection<User>> {
  const rows = input.size === 0 ? [] : await listUserRows(db, input.filter, input.size + 1, input.after);
  return toConnection(rows, input.size, userCursor.encode, Boolean(input.after));
}

export interface CreateUser {
  email: string;
  name: string;
  role: Role;
  /** A checked UUID, or null. */
  organizationId: string | null;
  /** Defaults to the region creating the user. */
  homeRegion: RegionCode | null;
  /** en or zh-CN; default en. */
  locale?: string | null;
}

export async function createUser(deps: ChangeDeps, input: CreateUser): Promise<UserResult> {
  const { email, errors: emailErrors } = checkEmail(input.email);
  const organization = input.organizationId ? await findOrganization(deps.db, input.organizationId) : null;
  const errors = [
    ...emailErrors,
    ...checkName(input.name, 'input.name'),
    ...checkRoleOrganization(input.role, organization, Boolean(input.organizationId)),
    ...(input.locale != null ? checkLocale(input.locale, 'input.locale') : []),
  ];
  if (errors.length || !email) return failed(errors);
  const origin = { region: deps.region, correlationId: deps.correlationId };
  try {
    const user = await deps.db.$transaction(async (tx) => {
      const row = await insertUser(tx, {
        email,
        name: input.name.trim(),
        role: input.role,
        organizationId: input.organizationId,
        homeRegion: input.homeRegion ?? deps.region,
        originRegion: deps.region,
        ...(input.locale != null ? { locale: input.locale } : {}),
      });
      await writeOutbox(tx, 'auth', [userEvent('created', row, origin)]);
      await recordAudit(tx, deps, { action: 'user.create', targetType: 'User', targetId: row.id, after: auditedUser(row) });
      return row;
    });
    return { user, errors: [] };
  } catch (error) {
    if (isUniqueViolation(error)) return failed([{ code: 'EMAIL_TAKEN', field: 'input.email', message: 'another user has this email' }]);
    throw error;
  }
}

export interface UpdateUser {
  /** A checked UUID. */
  id: string;
  name?: string | null;
  role?: Role | null;
  /** A checked UUID; null removes the organization; undefined keeps it. */
  organizationId?: string | null;
}

/** A new role or organization ends the user's sessions (access tokens run out within 15 minutes). */
export async function updateUser(deps: ChangeDeps, input: UpdateUser): Promise<UserResult> {
  const current = await findUserIncludingDeactivated(deps.db, input.id);
  if (!current || current.deletedAt) return failed([{ code: 'NOT_FOUND', field: 'input.id', message: 'no active user has this id' }]);
  const role = input.role ?? current.role;
  const organizationId = input.organizationId !== undefined ? input.organizationId : current.organizationId;
  const organization = organizationId ? await findOrganization(deps.db, organizationId) : null;
  const errors = [...(input.name != null ? checkName(input.name, 'input.name') : []), ...checkRoleOrganization(role, organization, Boolean(organizationId))];
  if (errors.length) return failed(errors);
  const user = await deps.db.$transaction(async (tx) => {
    const row = await updateUserRow(tx, input.id, { role, organizationId, ...(input.name != null ? { name: input.name.trim() } : {}) });
    await writeOutbox(tx, 'auth', [userEvent('updated', row, { region: deps.region, correlationId: deps.correlationId })]);
    await recordAudit(tx, deps, { action: 'user.update', targetType: 'User', targetId: row.id, before: auditedUser(current), after: auditedUser(row) });
    // Access rights changed: the sessions issued under the old ones end with the change.
    if (row.role !== current.role || row.organizationId !== current.organizationId) await revokeAllOfUser(tx, input.id);
    return row;
  });
  return { user, errors: [] };
}

/** Deactivates a user and ends every session at once; admins cannot deactivate themselves. */
export async function deactivateUser(deps: ChangeDeps, input: { id: string }): Promise<UserResult> {
  if (deps.viewer?.userId === input.id) return failed([{ code: 'CANNOT_DEACTIVATE_SELF', field: 'id', message: 'admins cannot deactivate themselves' }]);
  const current = await findUserIncludingDeactivated(deps.db, input.id);
  if (!current || current.deletedAt) return failed([{ code: 'NOT_FOUND', field: 'id', message: 'no active user has this id' }]);
  const user = await deps.db.$transaction(async (tx) => {
    const row = await updateUserRow(tx, input.id, { deletedAt: new Date() });
    await writeOutbox(tx, 'auth', [userEvent('deactivated', row, { region: deps.region, correlationId: deps.correlationId })]);
    await revokeAllOfUser(tx, input.id);
    await revokeAllApiKeysOf(tx, [input.id]);
    await recordAudit(tx, deps, { action: 'user.deactivate', targetType: 'User', targetId: row.id, before: auditedUser(current), after: auditedUser(row) });
    return row;
  });
  return { user, errors: [] };
}
