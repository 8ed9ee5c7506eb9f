/**
 * notify's projections of other domains' facts: users and organizations (from auth events of both
 * regions) and the last known state of each shipment of the region (from inventory events). Fed
 * only by events (src/events/); never read from the other domains' tables. Users and organizations
 * are never deleted: a deactivated or erased one keeps its row with `deleted_at` and is told nothing.
 */
import type { Pool, PoolClient } from 'pg';
import { isUuid, type Locale, type RegionCode } from '@miw/contracts';

type Queryable = Pool | PoolClient;

interface UserFact {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  role: string;
  organizationId: string | null;
  homeRegion: RegionCode;
  deletedAt: string | null;
  updatedAt: string;
  lastEventId: string;
}

interface OrganizationFact {
  id: string;
  name: string;
  kind: string;
  deletedAt: string | null;
  updatedAt: string;
  lastEventId: string;
}

/** A user as a recipient: what a notification and its email need. */
export interface RecipientRow {
  id: string;
  email: string;
  name: string;
  locale: string;
}

/**
 * Users are written in both regions: the newest by (updated_at, last_event_id), auth's own order,
 * wins, so a replayed, equal or reordered event changes nothing.
 */
export async function upsertUserFact(db: Queryable, u: UserFact): Promise<void> {
  await db.query(
    `INSERT INTO notify.user_projection AS t (id, email, name, locale, role, organization_id, home_region, deleted_at, updated_at, last_event_id)
     VALUES ($1, lower($2), $3, $4, $5, $6, $7::notify."Region", $8, $9, $10)
     ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, locale = EXCLUDED.locale, role = EXCLUDED.role,
       organization_id = EXCLUDED.organization_id, home_region = EXCLUDED.home_region, deleted_at = EXCLUDED.deleted_at,
       updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id
     WHERE (t.updated_at, t.last_event_id) < (EXCLUDED.updated_at, EXCLUDED.last_event_id)`,
    [u.id, u.email, u.name, u.locale, u.role, u.organizationId, u.homeRegion, u.deletedAt, u.updatedAt, u.lastEventId],
  );
}

/** Same rule as users: the newest snapshot by (updated_at, last_event_id) wins. */
export async function upsertOrganizationFact(db: Queryable, o: OrganizationFact): Promise<void> {
  await db.query(
    `INSERT INTO notify.organization_projection AS t (id, name, kind, deleted_at, updated_at, last_event_id)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, deleted_at = EXCLUDED.deleted_at,
       updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id
     WHERE (t.updated_at, t.last_event_id) < (EXCLUDED.updated_at, EXCLUDED.last_event_id)`,
    [o.id, o.name, o.kind, o.deletedAt, o.updatedAt, o.lastEventId],
  );
}

const RECIPIENT_COLUMNS = 'u.id, u.email, u.name, u.locale';

/** Active admins whose home region is `region`. */
export async function findRegionAdmins(db: Queryable, region: RegionCode): Promise<RecipientRow[]> {
  const { rows } = await db.query<RecipientRow>(
    `SELECT ${RECIPIENT_COLUMNS} FROM notify.user_projection u WHERE u.role = 'ADMIN' AND u.home_region = $1::notify."Region" AND u.deleted_at IS NULL ORDER BY u.id`,
    [region],
  );
  return rows;
}

/**
 * Active members of active organizations among `organizationIds`; with `kinds`, only of
 * organizations known to be of one of these kinds (an organization notify has not heard of yet
 * has no kind, so it matches no kind).
 */
export async function findOrganizationMembers(db: Queryable, organizationIds: readonly string[], kinds: readonly string[] | null): Promise<RecipientRow[]> {
  const ids = organizationIds.filter(isUuid);
  if (ids.length === 0) return [];
  const { rows } = await db.query<RecipientRow>(
    `SELECT ${RECIPIENT_COLUMNS}
       FROM notify.user_projection u LEFT JOIN notify.organization_projection o ON o.id = u.organization_id
      WHERE u.organization_id = ANY($1::uuid[]) AND u.deleted_at IS NULL AND o.deleted_at IS NULL
        AND ($2::text[] IS NULL OR o.kind = ANY($2::text[]))
      ORDER BY u.id`,
    [ids, kinds],
  );
  return rows;
}

/** Active users among `ids` (unknown or malformed ids are skipped). */
export async function findActiveUsers(db: Queryable, ids: readonly string[]): Promise<RecipientRow[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  const { rows } = await db.query<RecipientRow>(`SELECT ${RECIPIENT_COLUMNS} FROM notify.user_projection u WHERE u.id = ANY($1::uuid[]) AND u.deleted_at IS NULL ORDER BY u.id`, [valid]);
  return rows;
}

interface ShipmentState {
  logisticsOrganizationId: string | null;
  status: string;
  updatedAt: Date;
}

/** The last state notify saw of a shipment, locked until the caller's transaction ends (one consumer at a time decides on it). */
export async function lockShipmentState(client: PoolClient, shipmentId: string): Promise<ShipmentState | null> {
  const { rows } = await client.query<{ logistics_organization_id: string | null; status: string; updated_at: Date }>(
    'SELECT logistics_organization_id, status, updated_at FROM notify.shipment_state WHERE shipment_id = $1 FOR UPDATE',
    [shipmentId],
  );
  const row = rows[0];
  return row ? { logisticsOrganizationId: row.logistics_organization_id, status: row.status, updatedAt: row.updated_at } : null;
}

/** Records a shipment's state unless a newer one is already known. */
export async function saveShipmentState(client: PoolClient, shipmentId: string, s: { logisticsOrganizationId: string | null; status: string; updatedAt: string }): Promise<void> {
  await client.query(
    `INSERT INTO notify.shipment_state AS t (shipment_id, logistics_organization_id, status, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (shipment_id) DO UPDATE SET logistics_organization_id = EXCLUDED.logistics_organization_id, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
     WHERE t.updated_at <= EXCLUDED.updated_at`,
    [shipmentId, s.logisticsOrganizationId, s.status, s.updatedAt],
  );
}

/** The 3PL carrying a shipment, as last seen; null when none is known. */
export async function carrierOfShipment(client: PoolClient, shipmentId: string): Promise<string | null> {
  const { rows } = await client.query<{ logistics_organization_id: string | null }>('SELECT logistics_organization_id FROM notify.shipment_state WHERE shipment_id = $1', [shipmentId]);
  return rows[0]?.logistics_organization_id ?? null;
}
