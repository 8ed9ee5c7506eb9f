/**
 * Keeps the local projection of organizations (src/data/organizations.ts) from the auth
 * organization events. Organizations are written in both regions and each region's auth publishes
 * only its own writes (`<region>.auth.organization.v1`; applied replicas are not re-published), so
 * every inventory instance follows the topics of both regions. Upserts keep the newest version by
 * (updatedAt, lastEventId): replays and reordering change nothing (no inbox needed).
 */
import type { Pool } from 'pg';
import { REGIONS, topicName, type EventEnvelope } from '@miw/contracts';
import type { BackgroundWorker } from '@miw/service-kit';
import { ORGANIZATION_KINDS, upsertOrganizationFact, type OrganizationKind } from '../data/organizations';
import { createProjectionWorker, dateOrNull, uuidOrNull, type ProjectionDeps } from './projection-worker';

/** The organization topics of every region. */
export const organizationTopics = (prefix = '') => REGIONS.map((r) => topicName(r, 'auth', 'Organization', prefix));


/** Applies one auth event to the projection; false when it is not an organization snapshot it keeps. */
export async function applyOrganizationEvent(pool: Pool, event: EventEnvelope): Promise<boolean> {
  if (event.entity !== 'Organization') return false;
  const p = event.payload as Record<string, unknown>;
  const id = uuidOrNull(p.id) ?? uuidOrNull(event.entityId);
  const kind = ORGANIZATION_KINDS.includes(p.kind as OrganizationKind) ? (p.kind as OrganizationKind) : null;
  if (!id || !kind) return false;
  const updatedAt = dateOrNull(p.updatedAt) ?? event.entityUpdatedAt;
  const deactivated = event.type === 'auth.organization.deactivated';
  const deletedAt = dateOrNull(p.deletedAt) ?? (deactivated ? updatedAt : null);
  // Auth stamps each write with the id of its event (last_event_id); older producers may not.
  const lastEventId = uuidOrNull(p.lastEventId) ?? event.eventId.toLowerCase();
  await upsertOrganizationFact(pool, { id, kind, deletedAt, updatedAt, lastEventId });
  return true;
}

export function createOrganizationProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(deps, 'organization-projection', organizationTopics(deps.topicPrefix), applyOrganizationEvent);
}
