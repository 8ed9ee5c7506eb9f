/**
 * Keeps the local projection of organizations (src/data/organizations.ts) from the auth
 * organization events (`organizationEvents` of @miw/contracts). Organizations are written in both
 * regions and each region's auth publishes only its own writes (`<region>.auth.organization.v1`;
 * applied replicas are not re-published), so every inventory instance follows the topics of both
 * regions. Upserts keep the newest version by (updatedAt, lastEventId): replays and reordering
 * change nothing (no inbox needed).
 */
import type { Pool } from 'pg';
import { organizationEvents, REGIONS, type EventEnvelope, type OrganizationPayload } from '@miw/contracts';
import { createProjectionWorker, route, type ProjectionDeps } from '@miw/events';
import type { BackgroundWorker } from '@miw/service-kit';
import { upsertOrganizationFact } from '../data/organizations';

async function applyOrganization(pool: Pool, event: EventEnvelope<OrganizationPayload>): Promise<boolean> {
  const o = event.payload;
  const deactivated = event.type === organizationEvents.type('deactivated');
  const deletedAt = o.deletedAt ?? (deactivated ? o.updatedAt : null);
  // Auth stamps each write with the id of its event (last_event_id); snapshots written by hand may not carry it.
  const lastEventId = (o.lastEventId ?? event.eventId).toLowerCase();
  await upsertOrganizationFact(pool, { id: o.id, kind: o.kind, deletedAt, updatedAt: o.updatedAt, lastEventId });
  return true;
}

export function createOrganizationProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(
    deps,
    'organization-projection',
    REGIONS.map((region) => route(organizationEvents.topic(region, deps.topicPrefix), organizationEvents, applyOrganization)),
  );
}
