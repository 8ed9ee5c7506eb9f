/**
 * The auth domain's outbox messages, built through its event contracts (@miw/contracts).
 * User and organization changes carry the full state after the write (the sync worker mirrors
 * them); login codes carry the code sealed for the notify service of the same region.
 * Payloads are built field by field: a new column does not change an event by itself.
 */
import {
  globalRowPayload,
  invitationEvents,
  iso,
  loginCodeEvents,
  organizationEvents,
  userEvents,
  type InvitationPayload,
  type OrganizationPayload,
  type OutboxMessage,
  type RegionCode,
  type UserPayload,
} from '@miw/contracts';
import type { Organization, User } from '../data/db';
import { localeOf } from '../domain/accounts';

type SnapshotVerb = (typeof userEvents.verbs)[number];

function userPayload(row: User): UserPayload {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organizationId,
    homeRegion: row.homeRegion,
    locale: localeOf(row.locale),
    phone: row.phone,
    ...globalRowPayload(row),
    lastEventId: row.lastEventId,
  };
}

function organizationPayload(row: Organization): OrganizationPayload {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    ...globalRowPayload(row),
    lastEventId: row.lastEventId,
  };
}

/** Where the change was made (users are writable in both regions) and why. */
export interface EventOrigin {
  region: RegionCode;
  correlationId: string;
}

/**
 * The event of a write to a replicated row. Its id is the write's version tie-break (stamped by
 * the auth.stamp_version trigger), so the mirror of the row carries the same one.
 */
const snapshot = (row: User | Organization, origin: EventOrigin) => ({
  entityId: row.id,
  eventId: row.lastEventId ?? undefined,
  originRegion: origin.region,
  entityUpdatedAt: row.updatedAt,
  correlationId: origin.correlationId,
});

export const userEvent = (verb: SnapshotVerb, row: User, origin: EventOrigin): OutboxMessage => userEvents.message(verb, { ...snapshot(row, origin), payload: userPayload(row) });

export const organizationEvent = (verb: SnapshotVerb, row: Organization, origin: EventOrigin): OutboxMessage =>
  organizationEvents.message(verb, { ...snapshot(row, origin), payload: organizationPayload(row) });

/** A login code to deliver: region-local (`<region>.auth.login_code.v1`, consumed by notify in the same region). */
export function loginCodeEvent(user: User, code: { sealedCode: string; expiresAt: Date; issuedAt: Date }, origin: EventOrigin): OutboxMessage {
  return loginCodeEvents.message('issued', {
    entityId: user.id,
    originRegion: origin.region,
    entityUpdatedAt: code.issuedAt,
    correlationId: origin.correlationId,
    payload: { userId: user.id, email: user.email, name: user.name, sealedCode: code.sealedCode, expiresAt: iso(code.expiresAt) },
  });
}

/** An invitation to mail: region-local (`<region>.auth.invitation.v1`, consumed by notify in the same region). */
export function invitationEvent(payload: InvitationPayload, createdAt: Date, origin: EventOrigin): OutboxMessage {
  return invitationEvents.message('sent', { entityId: payload.invitationId, originRegion: origin.region, entityUpdatedAt: createdAt, correlationId: origin.correlationId, payload });
}
