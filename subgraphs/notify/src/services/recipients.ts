/**
 * Who is told. Every answer comes from notify's own projections of users and organizations
 * (src/data/projections.ts, fed by auth events), never from auth's tables; deactivated or erased
 * users, and members of deactivated organizations, are never recipients.
 */
import type { PoolClient } from 'pg';
import type { Locale, RegionCode } from '@miw/contracts';
import { findActiveUsers, findOrganizationMembers, findRegionAdmins, type RecipientRow } from '../data/projections';
import type { Recipient } from './dispatch';

export type OrganizationKind = 'MANUFACTURER' | 'LOGISTICS' | 'PARTNER';

/** A stored locale the contract does not know (written by hand) reads as English. */
const localeOf = (value: string): Locale => (value === 'zh-CN' ? 'zh-CN' : 'en');

const toRecipient = (row: RecipientRow): Recipient => ({ id: row.id, email: row.email, name: row.name, locale: localeOf(row.locale) });

/** Admins whose home region is `region`. */
export async function regionAdmins(client: PoolClient, region: RegionCode): Promise<Recipient[]> {
  return (await findRegionAdmins(client, region)).map(toRecipient);
}

/** Active members of the given organizations, optionally only of organizations of these kinds. */
export async function organizationMembers(client: PoolClient, organizationIds: readonly string[], kinds?: readonly OrganizationKind[]): Promise<Recipient[]> {
  return (await findOrganizationMembers(client, organizationIds, kinds ?? null)).map(toRecipient);
}

/** Active users by id (unknown ids are skipped). */
export async function usersById(client: PoolClient, ids: readonly string[]): Promise<Recipient[]> {
  return (await findActiveUsers(client, ids)).map(toRecipient);
}
