/**
 * The life of webhook deliveries:
 * - fan-out: an event of the region becomes one delivery per subscribed endpoint of the
 *   organizations in its audience (the consumer's inbox claim and the inserts share a
 *   transaction, and (endpoint, event) is unique: a redelivered event adds nothing);
 * - sending: due deliveries are claimed with a lease, POSTed signed, and their outcome recorded:
 *   SUCCEEDED on 2xx, else a retry after an exponential, jittered wait, FAILED once a day's worth
 *   of attempts failed. An endpoint failing without a single success for 24 hours is disabled
 *   (once, whichever instance sees it first) and its organization's members are told.
 */
import { notifications, webhookDeliveries } from '../metrics';
import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope, Locale, RegionCode } from '@miw/contracts';
import { inTransaction } from '@miw/events';
import type { Logger } from '@miw/logging';
import { claimDueDeliveries, disableFailingEndpoint, insertDeliveries, markEndpointFailing, markEndpointHealthy, recordAttempt, subscribedEndpoints, type DueDelivery } from '../data/webhooks';
import { accepted, afterAttempt, shouldDisable, webhookBody, webhookData, webhookEventType, type WebhookSettings } from '../domain/webhooks';
import { postWebhook } from '../webhooks/http';
import { dispatchNotifications } from './dispatch';
import { organizationMembers } from './recipients';

/**
 * In the consumer's transaction (after its inbox claim): one delivery per subscribed endpoint of
 * the organizations in the event's audience. Answers how many were added.
 */
export async function fanOutEvent(client: PoolClient, event: EventEnvelope<Record<string, unknown> & { audience: { organizationIds: string[] } }>): Promise<number> {
  const type = webhookEventType(event.type);
  if (!type) return 0;
  const endpoints = await subscribedEndpoints(client, event.payload.audience.organizationIds, type);
  const occurredAt = new Date(event.occurredAt);
  return insertDeliveries(
    client,
    endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      eventType: type,
      payload: webhookBody(type, occurredAt.toISOString(), webhookData(event.type, event.payload, endpoint.organizationId)),
      sourceEventId: event.eventId,
      createdAt: occurredAt,
    })),
  );
}

export interface SenderDeps {
  pool: Pool;
  region: RegionCode;
  settings: WebhookSettings;
  logger: Logger;
}

/** One pass of the sender; answers whether the batch was full (more may be due). */
export async function sendDueDeliveries(deps: SenderDeps): Promise<boolean> {
  const { settings } = deps;
  const batch = await claimDueDeliveries(deps.pool, settings.batchSize, settings.leaseMs);
  const results = await Promise.allSettled(batch.map((delivery) => attemptDelivery(deps, delivery)));
  for (const result of results) {
    // The claim's lease brings the delivery back: nothing is lost, the failure is only logged.
    if (result.status === 'rejected') deps.logger.error({ err: result.reason }, 'recording a webhook attempt failed');
  }
  return batch.length === settings.batchSize;
}

async function attemptDelivery({ pool, region, settings, logger }: SenderDeps, delivery: DueDelivery): Promise<void> {
  const result = await postWebhook({
    url: delivery.url,
    messageId: delivery.id,
    body: JSON.stringify(delivery.payload),
    secret: delivery.secret,
    timeoutMs: settings.timeoutMs,
    allowPrivate: settings.allowPrivate,
  });
  const now = new Date();
  const ok = accepted(result.status);
  const outcome = afterAttempt({ ok, attempts: delivery.attempts }, settings.retry, now);
  await inTransaction(pool, async (client) => {
    await recordAttempt(client, delivery.id, {
      status: outcome.status,
      responseCode: result.status,
      error: ok ? null : result.error,
      nextAttemptAt: outcome.status === 'PENDING' ? outcome.nextAttemptAt : null,
    });
    if (ok) await markEndpointHealthy(client, delivery.endpointId);
    else await onFailure(client, region, settings, delivery.endpointId, now, logger);
  });
  webhookDeliveries.inc({ result: ok ? 'delivered' : outcome.status === 'PENDING' ? 'failed' : 'dead' });
  if (ok) notifications.inc({ channel: 'webhook' });
}

/** Counts the endpoint as failing; disables it (and tells its organization) after 24 hours of failures. */
async function onFailure(client: PoolClient, region: RegionCode, settings: WebhookSettings, endpointId: string, now: Date, logger: Logger): Promise<void> {
  const endpoint = await markEndpointFailing(client, endpointId);
  if (!endpoint?.enabled || !shouldDisable(endpoint.failingSince, now, settings.retry)) return;
  const since = endpoint.failingSince.toISOString();
  if (!(await disableFailingEndpoint(client, endpointId, `every delivery failed since ${since}`))) return;
  logger.warn({ endpointId, failingSince: since }, 'webhook endpoint disabled after failing for 24 hours');
  const recipients = await organizationMembers(client, [endpoint.organizationId]);
  await dispatchNotifications(client, region, recipients, {
    type: 'WEBHOOK_ENDPOINT_DISABLED',
    link: { entity: 'WEBHOOK_ENDPOINT', id: endpointId },
    data: { endpointId, url: endpoint.url, failingSince: since },
    // One notice per run of failures, whatever instance or retry gets here.
    sourceEventId: `webhook-disabled:${endpointId}:${since}`,
    message: (locale) => disabledMessage(locale, endpoint.url),
  });
}

function disabledMessage(locale: Locale, url: string): { title: string; body: string } {
  return locale === 'zh-CN'
    ? { title: 'Webhook 端点已停用', body: `发往 ${url} 的所有 Webhook 投递已连续失败 24 小时，该端点已被停用。修复接收端后，请重新启用该端点，并重新投递失败的消息。` }
    : { title: 'Webhook endpoint disabled', body: `Every webhook delivery to ${url} failed for 24 hours, so the endpoint was disabled. Fix the receiver, enable the endpoint again and redeliver the failed deliveries.` };
}
