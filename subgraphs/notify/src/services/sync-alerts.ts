/**
 * Sync alerts for the region's admins: a message the sync worker dead-lettered (SYNC_DEAD_LETTER)
 * or replication lag over its threshold (SYNC_LAG). The consumer claims the event in the inbox in
 * the same transaction: a redelivered alert tells no one twice.
 */
import type { PoolClient } from 'pg';
import type { EventEnvelope, RegionCode, SyncAlertPayload } from '@miw/contracts';
import { syncAlertMessage } from '../domain/sync-alerts';
import { dispatchNotifications } from './dispatch';
import { regionAdmins } from './recipients';

/** Tells the admins of `region` about the alert; answers how many notifications were written. */
export async function notifySyncAlert(client: PoolClient, region: RegionCode, event: EventEnvelope<SyncAlertPayload>): Promise<number> {
  const alert = event.payload;
  return dispatchNotifications(client, region, await regionAdmins(client, region), {
    type: alert.kind === 'dead_letter' ? 'SYNC_DEAD_LETTER' : 'SYNC_LAG',
    link: { entity: 'SYNC', id: alert.direction },
    data: {
      kind: alert.kind,
      direction: alert.direction,
      detectedAt: alert.detectedAt,
      ...(alert.kind === 'dead_letter'
        ? { deadLetterId: alert.deadLetterId ?? null, reason: alert.reason ?? null, sourceTopic: alert.sourceTopic ?? null, eventId: alert.eventId ?? null }
        : { lagMs: alert.lagMs ?? null, thresholdMs: alert.thresholdMs ?? null }),
    },
    sourceEventId: event.eventId,
    message: (locale) => syncAlertMessage(alert, locale),
  });
}
