/**
 * Every webhook query. Endpoint management goes through Prisma (the request's client or its
 * transaction); the fan-out consumer and the sender use pg clients in their own transactions.
 */
import type { Pool, PoolClient } from 'pg';
import { afterTimeCursor, type TimeCursor } from '@miw/service-kit';
import type { NotifyDb, Prisma, WebhookDelivery, WebhookEndpoint } from './db';

type Tx = Prisma.TransactionClient;

// ---- endpoints (Prisma) ----

/** Serializes endpoint creation per organization (the limit check and the insert), in `tx`. */
export async function lockOrganizationEndpoints(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`webhook-endpoints:${organizationId}`}, 0))`;
}

export const countEndpoints = (tx: Tx, organizationId: string): Promise<number> => tx.webhookEndpoint.count({ where: { organizationId, deletedAt: null } });

export const insertEndpoint = (tx: Tx, data: Prisma.WebhookEndpointUncheckedCreateInput): Promise<WebhookEndpoint> => tx.webhookEndpoint.create({ data });

export const findEndpoint = (db: NotifyDb | Tx, id: string): Promise<WebhookEndpoint | null> => db.webhookEndpoint.findFirst({ where: { id, deletedAt: null } });

export const listEndpointsOf = (db: NotifyDb, organizationId: string): Promise<WebhookEndpoint[]> =>
  db.webhookEndpoint.findMany({ where: { organizationId, deletedAt: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

export const updateEndpointRow = (tx: Tx, id: string, data: Prisma.WebhookEndpointUncheckedUpdateInput): Promise<WebhookEndpoint> => tx.webhookEndpoint.update({ where: { id }, data });

/** Gives up the endpoint's waiting deliveries (it was disabled or deleted). */
export const failPendingDeliveries = (tx: Tx, endpointId: string, reason: string): Promise<Prisma.BatchPayload> =>
  tx.webhookDelivery.updateMany({ where: { endpointId, status: 'PENDING' }, data: { status: 'FAILED', nextAttemptAt: null, lastError: reason } });

// ---- deliveries (Prisma) ----

/** One page of an endpoint's deliveries, newest first, `limit` rows after the cursor. */
export const listDeliveriesOf = (db: NotifyDb, endpointId: string, limit: number, after: TimeCursor | undefined): Promise<WebhookDelivery[]> =>
  db.webhookDelivery.findMany({ where: { endpointId, ...(after ? afterTimeCursor(after, 'desc') : {}) }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });

export const findDelivery = (db: NotifyDb, id: string): Promise<WebhookDelivery | null> => db.webhookDelivery.findUnique({ where: { id } });

/** PENDING again with a fresh count of attempts, due now. */
export const resetDelivery = (db: NotifyDb, id: string): Promise<WebhookDelivery> =>
  db.webhookDelivery.update({ where: { id }, data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date(), lastError: null, deliveredAt: null } });

// ---- fan-out (pg) ----

/** Enabled endpoints of these organizations subscribed to `eventType`. */
export async function subscribedEndpoints(client: PoolClient, organizationIds: readonly string[], eventType: string): Promise<{ id: string; organizationId: string }[]> {
  if (organizationIds.length === 0) return [];
  const { rows } = await client.query<{ id: string; organizationId: string }>(
    `SELECT id, organization_id AS "organizationId" FROM notify.webhook_endpoint
      WHERE organization_id = ANY($1::uuid[]) AND enabled AND deleted_at IS NULL AND $2 = ANY(event_types)`,
    [organizationIds, eventType],
  );
  return rows;
}

export interface NewDelivery {
  endpointId: string;
  eventType: string;
  payload: unknown;
  sourceEventId: string;
  createdAt: Date;
}

/** One delivery per (endpoint, source event): a redelivered event inserts nothing. */
export async function insertDeliveries(client: PoolClient, deliveries: readonly NewDelivery[]): Promise<number> {
  if (deliveries.length === 0) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO notify.webhook_delivery (id, endpoint_id, event_type, payload, source_event_id, created_at)
     SELECT gen_random_uuid(), d.endpoint_id, d.event_type, d.payload, d.source_event_id, d.created_at
       FROM jsonb_to_recordset($1::jsonb) AS d(endpoint_id uuid, event_type text, payload jsonb, source_event_id text, created_at timestamptz)
     ON CONFLICT (endpoint_id, source_event_id) DO NOTHING`,
    [JSON.stringify(deliveries.map((d) => ({ endpoint_id: d.endpointId, event_type: d.eventType, payload: d.payload, source_event_id: d.sourceEventId, created_at: d.createdAt.toISOString() })))],
  );
  return rowCount ?? 0;
}

// ---- sending (pg) ----

export interface DueDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  payload: unknown;
  /** Attempts including the one just claimed. */
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints: each gets its attempt counted and its
 * next attempt moved `leaseMs` ahead, so a crashed sender's claims come back after the lease, and
 * SKIP LOCKED gives concurrent senders disjoint batches.
 */
export async function claimDueDeliveries(pool: Pool, limit: number, leaseMs: number): Promise<DueDelivery[]> {
  const { rows } = await pool.query<DueDelivery>(
    `/* miw:background */ WITH due AS (
       SELECT d.id FROM notify.webhook_delivery d
         JOIN notify.webhook_endpoint e ON e.id = d.endpoint_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND e.enabled AND e.deleted_at IS NULL
        ORDER BY d.next_attempt_at
        LIMIT $1
        FOR UPDATE OF d SKIP LOCKED)
     UPDATE notify.webhook_delivery d
        SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM due, notify.webhook_endpoint e
      WHERE d.id = due.id AND e.id = d.endpoint_id
      RETURNING d.id, d.endpoint_id AS "endpointId", d.event_type AS "eventType", d.payload, d.attempts, e.url, e.secret`,
    [limit, leaseMs],
  );
  return rows;
}

export interface AttemptRecord {
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  responseCode: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
}

/** Records the outcome of an attempt (only while the delivery is still the one claimed: PENDING). */
export async function recordAttempt(client: PoolClient, id: string, { status, responseCode, error, nextAttemptAt }: AttemptRecord): Promise<void> {
  await client.query(
    `UPDATE notify.webhook_delivery
        SET status = $2, response_code = $3, last_error = $4, next_attempt_at = $5,
            delivered_at = CASE WHEN $2 = 'SUCCEEDED' THEN now() ELSE delivered_at END
      WHERE id = $1 AND status = 'PENDING'`,
    [id, status, responseCode, error, nextAttemptAt],
  );
}

/** A success ends the endpoint's run of failures. */
export async function markEndpointHealthy(client: PoolClient, endpointId: string): Promise<void> {
  await client.query(`UPDATE notify.webhook_endpoint SET failing_since = NULL, updated_at = now() WHERE id = $1 AND failing_since IS NOT NULL`, [endpointId]);
}

/** Starts (or continues) the endpoint's run of failures; answers when it started and whose it is. */
export async function markEndpointFailing(client: PoolClient, endpointId: string): Promise<{ failingSince: Date; organizationId: string; url: string; enabled: boolean } | null> {
  const { rows } = await client.query<{ failingSince: Date; organizationId: string; url: string; enabled: boolean }>(
    `UPDATE notify.webhook_endpoint SET failing_since = COALESCE(failing_since, now()), updated_at = CASE WHEN failing_since IS NULL THEN now() ELSE updated_at END
      WHERE id = $1 AND deleted_at IS NULL
      RETURNING failing_since AS "failingSince", organization_id AS "organizationId", url, enabled`,
    [endpointId],
  );
  return rows[0] ?? null;
}

/** Disables a failing endpoint once (the first caller wins) and gives up its waiting deliveries. */
export async function disableFailingEndpoint(client: PoolClient, endpointId: string, reason: string): Promise<boolean> {
  const { rowCount } = await client.query(`UPDATE notify.webhook_endpoint SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1 AND enabled`, [endpointId, reason]);
  if (!rowCount) return false;
  await client.query(`UPDATE notify.webhook_delivery SET status = 'FAILED', next_attempt_at = NULL, last_error = $2 WHERE endpoint_id = $1 AND status = 'PENDING'`, [endpointId, reason]);
  return true;
}
