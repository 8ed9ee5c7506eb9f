/**
 * Sync alerts (`<region>.sync.alert.v1`): operational signals of the sync worker, published on the
 * topic of the region it applies into (the direction `eu-to-cn` alerts on `cn.sync.alert.v1`), so
 * that region's notify tells its admins. Two kinds:
 *
 * - `dead_letter`: a message could not be applied and was dead-lettered (`sync.dead_letter` row
 *   `deadLetterId` in the target database; replayable). The event id is the dead letter's id, so a
 *   message dead-lettered again alerts once.
 * - `lag`: replication fell behind by more than `thresholdMs` (one alert per crossing, not per
 *   event).
 *
 * Alerts are published straight to Kafka by the worker, not through an outbox: the worker owns no
 * domain schema, and the dead letter itself is durable in `sync.dead_letter` (an alert lost to a
 * broker failure loses no data, only a prompt).
 */
import { z } from 'zod';
import { defineEvent } from '../contract';
import { region, timestamp, uuid } from '../fields';

/** What a sync alert is about. */
export const SYNC_ALERT_KINDS = ['dead_letter', 'lag'] as const;

const syncAlertPayload = z.object({
  kind: z.enum(SYNC_ALERT_KINDS),
  /** `<from>-to-<to>`, e.g. `eu-to-cn`. */
  direction: z.string().regex(/^[a-z]+-to-[a-z]+$/),
  from: region,
  to: region,
  detectedAt: timestamp,
  /** dead_letter: the `sync.dead_letter` row in the target region's database. */
  deadLetterId: uuid.nullable().optional(),
  /** dead_letter: why (the decode or apply reason, e.g. INVALID_PAYLOAD, APPLY_FAILED). */
  reason: z.string().max(200).nullable().optional(),
  /** dead_letter: the error text, shortened. */
  error: z.string().max(1000).nullable().optional(),
  /** dead_letter: where the message came from. */
  sourceTopic: z.string().max(256).nullable().optional(),
  /** dead_letter: the dead-lettered event's id, when it had a readable one. */
  eventId: uuid.nullable().optional(),
  /** lag: the lag measured (commit in the origin region to apply in the target region). */
  lagMs: z.number().int().nonnegative().nullable().optional(),
  /** lag: the threshold it crossed (SYNC_LAG_ALERT_MS). */
  thresholdMs: z.number().int().positive().nullable().optional(),
});

export type SyncAlertPayload = z.output<typeof syncAlertPayload>;

export const syncAlertEvents = defineEvent({ domain: 'sync', topic: 'alert', entity: 'SyncDirection', verbs: ['dead_lettered', 'lagging'], payload: syncAlertPayload });
