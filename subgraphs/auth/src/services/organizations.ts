/** Organizations (admins create them); each change writes its snapshot event in the same transaction. */
import { writeOutbox } from '@miw/events';
import type { Organization } from '../data/db';
import { insertOrganization } from '../data/users';
import { checkName, type FieldError } from '../domain/users';
import { organizationEvent } from '../events/auth-events';
import type { OrganizationKind } from '../schema.generated';
import type { ChangeDeps } from './users';

export type OrganizationResult = { organization: Organization; errors: [] } | { organization: null; errors: FieldError[] };

export async function createOrganization(deps: Omit<ChangeDeps, 'viewer'>, input: { name: string; kind: OrganizationKind }): Promise<OrganizationResult> {
  const errors = checkName(input.name, 'input.name');
  if (errors.length) return { organization: null, errors };
  const organization = await deps.db.$transaction(async (tx) => {
    const row = await insertOrganization(tx, { name: input.name.trim(), kind: input.kind, originRegion: deps.region });
    await writeOutbox(tx, 'auth', [organizationEvent('created', row, { region: deps.region, correlationId: deps.correlationId })]);
    return row;
  });
  return { organization, errors: [] };
}
