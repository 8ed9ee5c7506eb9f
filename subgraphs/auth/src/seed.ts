/**
 * Development seed of organizations and users. Users are global and writable in both regions;
 * until cross-region user sync lands, each region is seeded with the same rows (same ids).
 */
import type { Pool } from 'pg';
import { MASTER_REGION, type RegionCode } from '@miw/contracts';
import type { OrganizationKind, Role } from './schema.generated';

export interface OrganizationSeed {
  id: string;
  name: string;
  kind: OrganizationKind;
}

export interface UserSeed {
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId?: string;
  homeRegion: RegionCode;
}

export async function seedAuth(pool: Pool, seed: { organizations: OrganizationSeed[]; users: UserSeed[] }, originRegion: RegionCode = MASTER_REGION): Promise<number> {
  const orgs = await pool.query(
    `INSERT INTO auth.organization (id, name, kind, origin_region, updated_at)
     SELECT id, name, kind::auth."OrganizationKind", $4::auth."Region", now() FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, name, kind)
     ON CONFLICT (id) DO NOTHING`,
    [seed.organizations.map((o) => o.id), seed.organizations.map((o) => o.name), seed.organizations.map((o) => o.kind), originRegion],
  );
  const users = await pool.query(
    `INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, updated_at)
     SELECT id, lower(email), name, role::auth."Role", org, home::auth."Region", $7::auth."Region", now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[]) AS t(id, email, name, role, org, home)
     ON CONFLICT DO NOTHING`,
    [
      seed.users.map((u) => u.id),
      seed.users.map((u) => u.email),
      seed.users.map((u) => u.name),
      seed.users.map((u) => u.role),
      seed.users.map((u) => u.organizationId ?? null),
      seed.users.map((u) => u.homeRegion),
      originRegion,
    ],
  );
  return (orgs.rowCount ?? 0) + (users.rowCount ?? 0);
}
