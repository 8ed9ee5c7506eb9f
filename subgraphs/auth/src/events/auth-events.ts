/** User and organization changes: full state in the outbox of the same transaction (sync mirrors them). */
import { outboxRow, type OutboxRow } from '@miw/events';
import { topicName, type RegionCode } from '@miw/contracts';
import type { Organization, User } from '../data/db';

const snapshot = (row: User | Organization) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

export function authEvent(entity: 'User' | 'Organization', verb: 'created' | 'updated' | 'deactivated', row: User | Organization, region: RegionCode, correlationId: string): OutboxRow {
  const name = entity.toLowerCase();
  return outboxRow(topicName(region, 'auth', name), {
    type: `auth.${name}.${verb}`,
    entity,
    entityId: row.id,
    // The write's version tie-break (stamped by the auth.stamp_version trigger) is the event id.
    ...(row.lastEventId ? { eventId: row.lastEventId } : {}),
    // Users are writable in both regions: the event originates where the change was made.
    originRegion: region,
    entityUpdatedAt: row.updatedAt,
    correlationId,
    payload: snapshot(row),
  });
}

/** A login code to deliver: region-local (`<region>.auth.login_code.v1`, consumed by notify in the same region). */
export function loginCodeEvent(user: User, sealedCode: string, expiresAt: Date, region: RegionCode, correlationId: string): OutboxRow {
  return outboxRow(topicName(region, 'auth', 'login_code'), {
    type: 'auth.login_code.issued',
    entity: 'LoginCode',
    entityId: user.id,
    originRegion: region,
    entityUpdatedAt: new Date(),
    correlationId,
    payload: { userId: user.id, email: user.email, name: user.name, sealedCode, expiresAt: expiresAt.toISOString() },
  });
}

export const LOGIN_CODE_TOPIC = (region: RegionCode, prefix = '') => topicName(region, 'auth', 'login_code', prefix);
