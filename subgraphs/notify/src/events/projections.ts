/**
 * The users and organizations notify decides recipients from (src/data/projections.ts), fed by
 * the auth contracts of BOTH regions: each region's auth publishes only its own writes, and a
 * user's admins, partner or 3PL may have been written in the other region. Upserts keep the newest
 * snapshot by (updatedAt, lastEventId), so replays and reordering change nothing (no inbox). A
 * deactivated or erased user or organization is kept with `deletedAt` and told nothing.
 */
import type { Pool } from 'pg';
import { organizationEvents, REGIONS, userEvents, type EventEnvelope, type OrganizationPayload, type UserPayload } from '@miw/contracts';
import { createProjectionWorker, route, type ProjectionDeps } from '@miw/events';
import type { BackgroundWorker } from '@miw/service-kit';
import { upsertOrganizationFact, upsertUserFact } from '../data/projections';

/** A `deactivated` snapshot may not carry `deletedAt` itself: the deactivation time is its update time. */
const deletedAtOf = (event: EventEnvelope<{ deletedAt: string | null; updatedAt: string }>, deactivated: string): string | null =>
  event.payload.deletedAt ?? (event.type === deactivated ? event.payload.updatedAt : null);

async function applyUser(pool: Pool, event: EventEnvelope<UserPayload>): Promise<boolean> {
  const u = event.payload;
  await upsertUserFact(pool, {
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale ?? 'en',
    role: u.role,
    organizationId: u.organizationId,
    homeRegion: u.homeRegion,
    deletedAt: deletedAtOf(event, userEvents.type('deactivated')),
    updatedAt: u.updatedAt,
    lastEventId: (u.lastEventId ?? event.eventId).toLowerCase(),
  });
  return true;
}

async function applyOrganization(pool: Pool, event: EventEnvelope<OrganizationPayload>): Promise<boolean> {
  const o = event.payload;
  await upsertOrganizationFact(pool, {
    id: o.id,
    name: o.name,
    kind: o.kind,
    deletedAt: deletedAtOf(event, organizationEvents.type('deactivated')),
    updatedAt: o.updatedAt,
    lastEventId: (o.lastEventId ?? event.eventId).toLowerCase(),
  });
  return true;
}

export function createUserProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(deps, 'user-projection', REGIONS.map((region) => route(userEvents.topic(region, deps.topicPrefix), userEvents, applyUser)));
}

export function createOrganizationProjection(deps: ProjectionDeps): BackgroundWorker {
  return createProjectionWorker(deps, 'organization-projection', REGIONS.map((region) => route(organizationEvents.topic(region, deps.topicPrefix), organizationEvents, applyOrganization)));
}
