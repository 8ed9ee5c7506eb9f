/**
 * Organizations (admins manage them); each change writes its snapshot event and its audit row in
 * the same transaction. Deactivating one ends its members' access at once: their refresh tokens
 * and API keys are revoked here, sign-in refuses them from now on, and gateways (which read the
 * snapshot, see gateway/src/revocation.ts) stop honouring their access tokens and open sockets.
 */
import { writeOutbox } from '@miw/events';
import { timeCursor, toConnection, type Connection, type TimeCursor } from '@miw/service-kit';
import { revokeAllApiKeysOf } from '../data/api-keys';
import type { AuthDb, Organization } from '../data/db';
import { revokeOpenInvitations } from '../data/invitations';
import { revokeAllOfUsers } from '../data/sessions';
import { findOrganization, insertOrganization, listOrganizationRows, memberIdsOf, updateOrganizationRow, type OrganizationFilter } from '../data/users';
import { auditedOrganization } from '../domain/accounts';
import { checkName, type FieldError } from '../domain/users';
import { organizationEvent } from '../events/auth-events';
import type { OrganizationKind } from '../schema.generated';
import { recordAudit } from './audit';
import type { ChangeDeps } from './users';

export type OrganizationResult = { organization: Organization; errors: [] } | { organization: null; errors: FieldError[] };

const notFound = (field: string): OrganizationResult => ({ organization: null, errors: [{ code: 'NOT_FOUND', field, message: 'no active organization has this id' }] });

export async function createOrganization(deps: ChangeDeps, input: { name: string; kind: OrganizationKind }): Promise<OrganizationResult> {
  const errors = checkName(input.name, 'input.name');
  if (errors.length) return { organization: null, errors };
  const organization = await deps.db.$transaction(async (tx) => {
    const row = await insertOrganization(tx, { name: input.name.trim(), kind: input.kind, originRegion: deps.region });
    await writeOutbox(tx, 'auth', [organizationEvent('created', row, deps)]);
    await recordAudit(tx, deps, { action: 'organization.create', targetType: 'Organization', targetId: row.id, after: auditedOrganization(row) });
    return row;
  });
  return { organization, errors: [] };
}

/** Renames an organization (its kind is fixed: members' roles depend on it). */
export async function updateOrganization(deps: ChangeDeps, input: { id: string; name?: string | null }): Promise<OrganizationResult> {
  const current = await findOrganization(deps.db, input.id);
  if (!current) return notFound('input.id');
  const errors = input.name != null ? checkName(input.name, 'input.name') : [];
  if (errors.length) return { organization: null, errors };
  if (input.name == null || input.name.trim() === current.name) return { organization: current, errors: [] };
  const organization = await deps.db.$transaction(async (tx) => {
    const row = await updateOrganizationRow(tx, current.id, { name: input.name!.trim() });
    await writeOutbox(tx, 'auth', [organizationEvent('updated', row, deps)]);
    await recordAudit(tx, deps, { action: 'organization.update', targetType: 'Organization', targetId: row.id, before: auditedOrganization(current), after: auditedOrganization(row) });
    return row;
  });
  return { organization, errors: [] };
}

/** Deactivates an organization and, in the same transaction, ends every member's sessions and API keys. */
export async function deactivateOrganization(deps: ChangeDeps, input: { id: string }): Promise<OrganizationResult> {
  const current = await findOrganization(deps.db, input.id);
  if (!current) return notFound('id');
  const organization = await deps.db.$transaction(async (tx) => {
    const row = await updateOrganizationRow(tx, current.id, { deletedAt: new Date() });
    const members = await memberIdsOf(tx, current.id);
    const sessions = await revokeAllOfUsers(tx, members);
    const apiKeys = await revokeAllApiKeysOf(tx, members);
    await revokeOpenInvitations(tx, { organizationId: current.id });
    await writeOutbox(tx, 'auth', [organizationEvent('deactivated', row, deps)]);
    await recordAudit(tx, deps, {
      action: 'organization.deactivate',
      targetType: 'Organization',
      targetId: row.id,
      before: auditedOrganization(current),
      after: { ...auditedOrganization(row), members: members.length, sessionsRevoked: sessions, apiKeysRevoked: apiKeys },
    });
    return row;
  });
  return { organization, errors: [] };
}

export const organizationCursor = timeCursor('organization');

/** A page of organizations, oldest first. */
export async function listOrganizations({ db }: { db: AuthDb }, input: { filter: OrganizationFilter; size: number; after: TimeCursor | undefined }): Promise<Connection<Organization>> {
  const rows = input.size === 0 ? [] : await listOrganizationRows(db, input.filter, input.size + 1, input.after);
  return toConnection(rows, input.size, organizationCursor.encode, Boolean(input.after));
}
