/**
 * Who is told (owned by the notifications helper; signatures final, bodies being written). Every
 * answer comes from notify's own projections of users and organizations, never from auth's tables;
 * deactivated or erased users are never recipients.
 */
import type { PoolClient } from 'pg';
import type { RegionCode } from '@miw/contracts';
import type { Recipient } from './dispatch';

export type OrganizationKind = 'MANUFACTURER' | 'LOGISTICS' | 'PARTNER';

/** Admins whose home region is `region`. */
export async function regionAdmins(client: PoolClient, region: RegionCode): Promise<Recipient[]> {
  void client;
  void region;
  throw new Error('regionAdmins: not implemented yet');
}

/** Active members of the given organizations, optionally only of organizations of these kinds. */
export async function organizationMembers(client: PoolClient, organizationIds: readonly string[], kinds?: readonly OrganizationKind[]): Promise<Recipient[]> {
  void client;
  void organizationIds;
  void kinds;
  throw new Error('organizationMembers: not implemented yet');
}

/** Active users by id (unknown ids are skipped). */
export async function usersById(client: PoolClient, ids: readonly string[]): Promise<Recipient[]> {
  void client;
  void ids;
  throw new Error('usersById: not implemented yet');
}
