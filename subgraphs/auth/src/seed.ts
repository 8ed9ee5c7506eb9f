/**
 * Development seed of organizations and users. Users are global and writable in both regions;
 * each region is seeded with the same rows (same ids), and the seed of one region (`publish`)
 * writes their snapshot events too, so every projection of users and organizations (inventory,
 * orders, notify, the gateway's revocations) learns the demo identities as it would real ones.
 */
import type { Pool } from 'pg';
import { MASTER_REGION, type Locale, type RegionCode } from '@miw/contracts';
import { inTransaction, writeOutbox } from '@miw/events';
import type { Organization, User } from './data/db';
import { organizationEvent, userEvent } from './events/auth-events';
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
  locale?: Locale;
}

const USER_COLUMNS = `id, email, name, role, organization_id AS "organizationId", home_region AS "homeRegion", origin_region AS "originRegion",
  locale, phone, created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt", last_event_id AS "lastEventId"`;
const ORGANIZATION_COLUMNS = `id, name, kind, origin_region AS "originRegion", created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt", last_event_id AS "lastEventId"`;

/** Inserts the rows that do not exist yet; with `publish`, writes the `created` snapshot of each inserted row in the same transaction. */
export async function seedAuth(
  pool: Pool,
  seed: { organizations: OrganizationSeed[]; users: UserSeed[] },
  originRegion: RegionCode = MASTER_REGION,
  { publish = false }: { publish?: boolean } = {},
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const orgs = await client.query<Organization>(
      `INSERT INTO auth.organization (id, name, kind, origin_region, updated_at)
       SELECT id, name, kind::auth."OrganizationKind", $4::auth."Region", now() FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, name, kind)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${ORGANIZATION_COLUMNS}`,
      [seed.organizations.map((o) => o.id), seed.organizations.map((o) => o.name), seed.organizations.map((o) => o.kind), originRegion],
    );
    const users = await client.query<User>(
      `INSERT INTO auth."user" (id, email, name, role, organization_id, home_region, origin_region, locale, updated_at)
       SELECT id, lower(email), name, role::auth."Role", org, home::auth."Region", $7::auth."Region", locale, now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $8::text[]) AS t(id, email, name, role, org, home, locale)
       ON CONFLICT DO NOTHING
       RETURNING ${USER_COLUMNS}`,
      [
        seed.users.map((u) => u.id),
        seed.users.map((u) => u.email),
        seed.users.map((u) => u.name),
        seed.users.map((u) => u.role),
        seed.users.map((u) => u.organizationId ?? null),
        seed.users.map((u) => u.homeRegion),
        originRegion,
        seed.users.map((u) => u.locale ?? 'en'),
      ],
    );
    if (publish) {
      const origin = { region: originRegion, correlationId: 'seed' };
      await writeOutbox(client, 'auth', [...orgs.rows.map((o) => organizationEvent('created', o, origin)), ...users.rows.map((u) => userEvent('created', u, origin))]);
    }
    return orgs.rows.length + users.rows.length;
  });
}
