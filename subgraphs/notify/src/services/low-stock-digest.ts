/**
 * The low-stock digest. Each level that fell low waits in notify.low_stock_pending (the event id
 * is the key: a redelivered event adds nothing); each run of the digest job sends ONE
 * LOW_STOCK_DIGEST notification per recipient listing what fell low since the last run, and marks
 * those levels digested in the same transaction. Region admins hear of every level; members of a
 * manufacturer organization only of the levels whose audience names their organization.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope, LevelPayload, RegionCode } from '@miw/contracts';
import { inTransaction } from '@miw/events';
import { insertPendingLevel, lockUndigested, markDigested, possibleManufacturers } from '../data/low-stock';
import { digestData, digestMessage, inDigestOrder, levelsForOrganizations, type PendingLevel } from '../domain/digest';
import { dispatchNotifications, type Recipient } from './dispatch';
import { organizationMembers, regionAdmins } from './recipients';

/** Levels one run digests at most; more wait for the next run (keeps one transaction bounded). */
const MAX_LEVELS_PER_RUN = 5_000;

/** Keeps a level that crossed into low stock for the next digest. Answers 1 when it was new, else 0. */
export async function recordLowStock(client: PoolClient, event: EventEnvelope<LevelPayload>): Promise<number> {
  const { payload } = event;
  if (!payload.lowStock) return 0;
  const added = await insertPendingLevel(client, {
    eventId: event.eventId,
    storeId: payload.storeId,
    productId: payload.productId,
    available: payload.available,
    threshold: payload.lowStockThreshold,
    organizationIds: await possibleManufacturers(client, payload.audience.organizationIds),
    occurredAt: new Date(event.occurredAt),
  });
  return added ? 1 : 0;
}

interface DigestDeps {
  pool: Pool;
  region: RegionCode;
}

/** Who is told what: admins everything, manufacturer members the levels of their organizations. */
async function recipientsOf(client: PoolClient, region: RegionCode, levels: readonly PendingLevel[]): Promise<Map<string, { recipient: Recipient; levels: PendingLevel[] }>> {
  const told = new Map<string, { recipient: Recipient; levels: PendingLevel[] }>();
  for (const admin of await regionAdmins(client, region)) told.set(admin.id, { recipient: admin, levels: [...levels] });
  const organizations = [...new Set(levels.flatMap((l) => l.organizationIds))].sort();
  for (const organizationId of organizations) {
    const ofOrganization = levelsForOrganizations(levels, new Set([organizationId]));
    for (const member of await organizationMembers(client, [organizationId], ['MANUFACTURER'])) {
      const entry = told.get(member.id) ?? { recipient: member, levels: [] };
      const known = new Set(entry.levels.map((l) => l.eventId));
      entry.levels.push(...ofOrganization.filter((l) => !known.has(l.eventId)));
      told.set(member.id, entry);
    }
  }
  return told;
}

/**
 * The digest's source id: the slot and the set of levels it covers, so a run taken over after a
 * crash sends nothing twice for the same levels, yet a later run of the same slot (new levels) is
 * a new notification rather than a duplicate the dispatcher would drop.
 */
const digestSourceId = (slot: Date, levels: readonly PendingLevel[]): string =>
  `low-stock-digest:${slot.toISOString()}:${createHash('sha256').update(levels.map((l) => l.eventId).sort().join(',')).digest('hex').slice(0, 16)}`;

/** One run of the digest for `slot`: answers how many levels were digested and notifications written. */
export async function sendLowStockDigest({ pool, region }: DigestDeps, slot: Date): Promise<{ levels: number; notifications: number }> {
  return inTransaction(pool, async (client) => {
    const levels = await lockUndigested(client, MAX_LEVELS_PER_RUN);
    if (levels.length === 0) return { levels: 0, notifications: 0 };
    const sourceEventId = digestSourceId(slot, levels);
    // Recipients told the same levels share one draft (every admin, the members of one organization).
    const groups = new Map<string, { recipients: Recipient[]; levels: PendingLevel[] }>();
    for (const { recipient, levels: theirs } of (await recipientsOf(client, region, levels)).values()) {
      if (theirs.length === 0) continue;
      const key = theirs.map((l) => l.eventId).sort().join(',');
      const group = groups.get(key) ?? { recipients: [], levels: inDigestOrder(theirs) };
      group.recipients.push(recipient);
      groups.set(key, group);
    }
    let notifications = 0;
    for (const group of groups.values()) {
      notifications += await dispatchNotifications(client, region, group.recipients, {
        type: 'LOW_STOCK_DIGEST',
        link: null,
        data: digestData(group.levels, slot),
        sourceEventId,
        message: (locale) => digestMessage(group.levels, locale),
      });
    }
    await markDigested(
      client,
      levels.map((l) => l.eventId),
    );
    return { levels: levels.length, notifications };
  });
}
