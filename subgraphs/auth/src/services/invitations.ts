/**
 * Invitations to organizations. Inviting creates the invitee's account (role and organization
 * set) and mails the invitation through notify of this region (`auth.invitation.v1`); the
 * invitee's first sign-in with a login code accepts it. An invitation not accepted within 7 days
 * stops that sign-in until the person is invited again; revoking a pending one deactivates the
 * account it created. Every step is audited in its transaction.
 */
import type { UserViewer } from '@miw/auth';
import { writeOutbox } from '@miw/events';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import type { AuthDb, AuthTx, Invitation, Organization, User } from '../data/db';
import { findInvitation, insertInvitation, listInvitationRows, lockNewestInvitationOf, revokeOpenInvitations, updateInvitation } from '../data/invitations';
import { revokeAllOfUser } from '../data/sessions';
import { findOrganization, findUserByEmail, findUserIncludingDeactivated, insertUser, updateUserRow } from '../data/users';
import { auditedUser, checkLocale, DEFAULT_LOCALE, invitationExpiry, invitationStatus, localeOf, nameFromEmail } from '../domain/accounts';
import { checkEmail, checkName, checkRoleOrganization, type FieldError } from '../domain/users';
import { invitationEvent, userEvent } from '../events/auth-events';
import type { Role } from '../schema.generated';
import { recordAudit, type AuditOrigin } from './audit';
import { isUniqueViolation, type ChangeDeps } from './users';

export type InvitationResult = { invitation: Invitation; errors: [] } | { invitation: null; errors: FieldError[] };

const failed = (errors: FieldError[]): InvitationResult => ({ invitation: null, errors });

const auditedInvitation = (i: Invitation) => ({
  id: i.id,
  organizationId: i.organizationId,
  userId: i.userId,
  role: i.role,
  expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null,
  revokedAt: i.revokedAt?.toISOString() ?? null,
});

export interface InviteInput {
  /** A checked UUID. */
  organizationId: string;
  email: string;
  role: Role;
  name?: string | null;
  locale?: string | null;
}

export async function inviteToOrganization(deps: ChangeDeps, input: InviteInput): Promise<InvitationResult> {
  const { email, errors: emailErrors } = checkEmail(input.email);
  const organization = await findOrganization(deps.db, input.organizationId);
  const name = input.name != null ? input.name : email ? nameFromEmail(email) : '';
  const errors = [
    ...emailErrors,
    ...(organization ? checkRoleOrganization(input.role, organization, true) : [{ code: 'NOT_FOUND' as const, field: 'input.organizationId', message: 'no active organization has this id' }]),
    ...checkName(name, 'input.name'),
    ...(input.locale != null ? checkLocale(input.locale, 'input.locale') : []),
  ];
  if (errors.length || !email || !organization) return failed(errors);
  try {
    return await deps.db.$transaction(async (tx) => {
      const existing = await findUserByEmail(tx, email);
      if (existing && !(await mayInviteAgain(tx, existing, organization.id, input.role))) {
        return failed([{ code: 'EMAIL_TAKEN', field: 'input.email', message: 'this email has an account already; change its role with updateUser' }]);
      }
      const user = existing ?? (await createInvitee(tx, deps, { email, name: name.trim(), role: input.role, organizationId: organization.id, locale: input.locale ?? DEFAULT_LOCALE }));
      if (existing) await revokeOpenInvitations(tx, { userId: existing.id });
      const invitation = await insertInvitation(tx, { organizationId: organization.id, userId: user.id, role: input.role, invitedBy: deps.viewer?.userId ?? null, expiresAt: invitationExpiry(new Date()) });
      await writeOutbox(tx, 'auth', [invitationEvent(await invitationPayload(tx, deps, invitation, user, organization), invitation.createdAt, deps)]);
      await recordAudit(tx, deps, { action: 'invitation.create', targetType: 'Invitation', targetId: invitation.id, after: auditedInvitation(invitation) });
      return { invitation, errors: [] };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return failed([{ code: 'EMAIL_TAKEN', field: 'input.email', message: 'this email has an account already' }]);
    throw error;
  }
}

/**
 * Re-inviting someone whose invitation was never used (same organization and role, not
 * signed in yet) sends a new one; any other account with this email is not taken over.
 */
async function mayInviteAgain(tx: AuthTx, user: User, organizationId: string, role: Role): Promise<boolean> {
  if (user.deletedAt || user.organizationId !== organizationId || user.role !== role) return false;
  const newest = await lockNewestInvitationOf(tx, user.id);
  return Boolean(newest && !newest.acceptedAt);
}

async function createInvitee(tx: AuthTx, deps: ChangeDeps, input: { email: string; name: string; role: Role; organizationId: string; locale: string }): Promise<User> {
  const row = await insertUser(tx, { ...input, homeRegion: deps.region, originRegion: deps.region });
  await writeOutbox(tx, 'auth', [userEvent('created', row, deps)]);
  await recordAudit(tx, deps, { action: 'user.create', targetType: 'User', targetId: row.id, after: auditedUser(row) });
  return row;
}

async function invitationPayload(tx: AuthTx, deps: ChangeDeps, invitation: Invitation, user: User, organization: Organization) {
  const inviter = deps.viewer ? await findUserIncludingDeactivated(tx, deps.viewer.userId) : null;
  return {
    invitationId: invitation.id,
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: localeOf(user.locale),
    role: invitation.role,
    organizationId: organization.id,
    organizationName: organization.name,
    invitedByName: inviter?.name ?? null,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** Revokes a pending (or expired, unused) invitation and deactivates the account it created. */
export async function revokeInvitation(deps: ChangeDeps, input: { id: string }): Promise<InvitationResult> {
  const current = await findInvitation(deps.db, input.id);
  if (!current) return failed([{ code: 'NOT_FOUND', field: 'id', message: 'no invitation has this id' }]);
  if (current.acceptedAt || current.revokedAt) return failed([{ code: 'NOT_PENDING', field: 'id', message: `the invitation is ${invitationStatus(current, new Date()).toLowerCase()}` }]);
  return deps.db.$transaction(async (tx) => {
    const invitation = await updateInvitation(tx, current.id, { revokedAt: new Date() });
    const user = await findUserIncludingDeactivated(tx, current.userId);
    if (user && !user.deletedAt) {
      const row = await updateUserRow(tx, user.id, { deletedAt: new Date() });
      await writeOutbox(tx, 'auth', [userEvent('deactivated', row, deps)]);
      await revokeAllOfUser(tx, user.id);
      await recordAudit(tx, deps, { action: 'user.deactivate', targetType: 'User', targetId: user.id, before: auditedUser(user), after: auditedUser(row) });
    }
    await recordAudit(tx, deps, { action: 'invitation.revoke', targetType: 'Invitation', targetId: invitation.id, before: auditedInvitation(current), after: auditedInvitation(invitation) });
    return { invitation, errors: [] as [] };
  });
}

/** The first sign-in of an invited account accepts its invitation (in the login's transaction). */
export async function acceptInvitation(tx: AuthTx, deps: { region: AuditOrigin['region']; correlationId: string }, invitation: Invitation, user: User): Promise<void> {
  const accepted = await updateInvitation(tx, invitation.id, { acceptedAt: new Date() });
  const self: UserViewer = { kind: 'user', userId: user.id, role: user.role, organizationId: user.organizationId, region: deps.region, scopes: [] };
  await recordAudit(tx, { viewer: self, region: deps.region, correlationId: deps.correlationId }, { action: 'invitation.accept', targetType: 'Invitation', targetId: accepted.id, before: auditedInvitation(invitation), after: auditedInvitation(accepted) });
}

export const invitationCursor = timeCursor('invitation');

/** A page of an organization's invitations, newest first. */
export async function listInvitations({ db }: { db: AuthDb }, input: { organizationId: string; size: number; after: TimeCursor | undefined }): Promise<Connection<Invitation>> {
  const rows = input.size === 0 ? [] : await listInvitationRows(db, input.organizationId, input.size + 1, input.after);
  return toConnection(rows, input.size, invitationCursor.encode, Boolean(input.after));
}
