/**
 * The local projection of auth organizations inventory needs to check a shipment's carrier: kind
 * and whether it was deactivated. Fed only by auth organization events
 * (src/events/organization-projection.ts); never read from auth's tables.
 */
import type { Pool, PoolClient } from 'pg';
import type { OrganizationPayload } from '@miw/contracts';
import type { InventoryReader } from './db';

export interface OrganizationFact {
  id: string;
  kind: OrganizationPayload['kind'];
  deletedAt: string | null;
  updatedAt: string;
  /** Auth's version tie-break (`last_event_id`) for two writes with the same `updatedAt`. */
  lastEventId: string;
}

/**
 * Keeps the newest snapshot by (updated_at, last_event_id), the order auth uses between regions:
 * an older, equal (replayed) or reordered event changes nothing. Returns whether the row changed.
 */
export async function upsertOrganizationFact(db: Pool | PoolClient, o: OrganizationFact): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO inventory.organization_projection AS t (id, kind, deleted_at, updated_at, last_event_id)
     VALUES ($1, $2::inventory."OrganizationKind", $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id
     WHERE (t.updated_at, t.last_event_id) < (EXCLUDED.updated_at, EXCLUDED.last_event_id)`,
    [o.id, o.kind, o.deletedAt, o.updatedAt, o.lastEventId],
  );
  return (rowCount ?? 0) > 0;
}

/** Why `id` may not carry shipments, or null when it is a known, active LOGISTICS organization. */
export async function notLogisticsReason(db: InventoryReader, id: string): Promise<string | null> {
  const org = await db.organizationFact.findUnique({ where: { id } });
  if (!org) return 'no organization with this id is known';
  if (org.kind !== 'LOGISTICS') return `the organization is a ${org.kind} organization, not a LOGISTICS one`;
  if (org.deletedAt) return 'the organization was deactivated';
  return null;
}
