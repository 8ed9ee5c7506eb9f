/**
 * Partner webhooks, pure: which event types exist and how each Kafka event maps to one, the body
 * sent (what each organization may see), the URL rules, the retry schedule (exponential with
 * jitter, for up to a day) and when a failing endpoint is disabled.
 */
import { discrepancyEvents, lowStockEvents, orderEvents, shipmentEvents, stockRequestEvents } from '@miw/contracts';
import { backoffDelay } from '@miw/retry';
import { CONTROL_CHARACTERS } from '@miw/service-kit';
import type { WebhookDeliveryStatus } from '../schema.generated';
import { blockedAddressReason, isIpLiteral } from './url-guard';

/** Event types an endpoint subscribes to, by the envelope type that produces each. */
const TYPE_OF_ENVELOPE: ReadonlyMap<string, string> = new Map([
  ...orderEvents.verbs.map((verb) => [orderEvents.type(verb), `order.${verb}`] as const),
  ...stockRequestEvents.verbs.map((verb) => [stockRequestEvents.type(verb), `stock_request.${verb}`] as const),
  ...shipmentEvents.verbs.map((verb) => [shipmentEvents.type(verb), `shipment.${verb}`] as const),
  [discrepancyEvents.type('recorded'), 'shipment.discrepancy'],
  [lowStockEvents.type('crossed'), 'inventory.low_stock'],
]);

/** Every event type, sorted: what `webhookEventTypes` answers. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [...new Set(TYPE_OF_ENVELOPE.values())].sort();

/** The webhook event type of an envelope type (`orders.order.placed` -> `order.placed`), or null. */
export const webhookEventType = (envelopeType: string): string | null => TYPE_OF_ENVELOPE.get(envelopeType) ?? null;

/** At most this many endpoints per organization. */
export const MAX_ENDPOINTS_PER_ORGANIZATION = 10;
const MAX_URL_LENGTH = 2048;
export const MAX_DESCRIPTION_LENGTH = 200;

/** What an organization's endpoint receives in `data`: the event payload minus internal fields. */
export function webhookData(envelopeType: string, payload: Record<string, unknown>, organizationId: string): Record<string, unknown> {
  const data: Record<string, unknown> = { ...payload };
  delete data.audience;
  // Manufacturers see an order's lines for demand, never its customer (see the orders contract).
  if (envelopeType.startsWith('orders.order.')) {
    const lines = Array.isArray(payload.lines) ? (payload.lines as { manufacturerOrganizationId?: unknown }[]) : [];
    if (lines.some((line) => line.manufacturerOrganizationId === organizationId)) {
      delete data.customerEmail;
      delete data.shippingAddress;
    }
  }
  return data;
}

/** The JSON body of a delivery (Standard Webhooks' recommended shape). */
export const webhookBody = (type: string, occurredAt: string, data: Record<string, unknown>) => ({ type, timestamp: occurredAt, data });

export interface UrlRules {
  /** Production: only https. */
  requireHttps: boolean;
  /** Outside production (tests, local receivers): private and loopback targets are allowed. */
  allowPrivate: boolean;
}

export type UrlCheck = { ok: true; url: string; hostname: string } | { ok: false; message: string };

/**
 * The URL rules that need no DNS: an absolute http(s) URL without credentials, https when
 * required, and, when private targets are not allowed, no IP literal outside the public internet
 * (hostnames are resolved and checked by the caller).
 */
export function checkWebhookUrl(raw: string, rules: UrlRules): UrlCheck {
  const value = raw.trim();
  if (value.length === 0 || value.length > MAX_URL_LENGTH || CONTROL_CHARACTERS.test(value) || /\s/.test(value)) return { ok: false, message: `url must be an absolute URL of at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: 'url is not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'url must be an http(s) URL' };
  if (rules.requireHttps && url.protocol !== 'https:') return { ok: false, message: 'url must be an https URL' };
  if (url.username || url.password) return { ok: false, message: 'url must not contain credentials' };
  if (url.hash) return { ok: false, message: 'url must not contain a fragment' };
  const hostname = url.hostname;
  if (!rules.allowPrivate) {
    if (isIpLiteral(hostname)) {
      const reason = blockedAddressReason(hostname);
      if (reason) return { ok: false, message: `url points to a ${reason} address` };
    } else if (!hostname.includes('.') || /\.(localhost|local|internal|localdomain)$/i.test(hostname) || hostname.toLowerCase() === 'localhost') {
      return { ok: false, message: 'url must name a public host' };
    }
  }
  return { ok: true, url: url.toString(), hostname: hostname.replace(/^\[|\]$/g, '') };
}

/** The event types of an input: known, distinct, at least one. */
export function checkEventTypes(types: readonly string[]): { ok: true; types: string[] } | { ok: false; message: string } {
  const distinct = [...new Set(types.map((t) => t.trim()))];
  if (distinct.length === 0) return { ok: false, message: 'eventTypes must name at least one event type' };
  const unknown = distinct.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
  if (unknown.length) return { ok: false, message: `unknown event types: ${unknown.slice(0, 5).join(', ').slice(0, 200)}; see webhookEventTypes` };
  return { ok: true, types: distinct.sort() };
}

export interface WebhookRetryPolicy {
  /** Ceiling of the first retry's wait; doubles per attempt. */
  baseMs: number;
  /** Ceiling of any wait. */
  maxMs: number;
  /** A delivery is retried until it is this old, then FAILED. */
  windowMs: number;
  /** An endpoint failing for this long without a success is disabled. */
  disableAfterMs: number;
}

/** Defaults: 10 s, 20 s, 40 s, ... up to 2 h between attempts, for a day (about 20 attempts). */
export const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = { baseMs: 10_000, maxMs: 2 * 3_600_000, windowMs: 24 * 3_600_000, disableAfterMs: 24 * 3_600_000 };

/**
 * The wait before attempt `attempts + 1`: exponential, with jitter over the upper half of the
 * ceiling so that many failing deliveries spread out but none retries at once.
 */
export function webhookRetryDelay(attempts: number, { baseMs, maxMs }: Pick<WebhookRetryPolicy, 'baseMs' | 'maxMs'>, random: () => number = Math.random): number {
  return backoffDelay(attempts, { baseMs, maxMs, jitter: true, random: () => 0.5 + random() / 2 });
}

export type AttemptOutcome = { status: 'SUCCEEDED' } | { status: 'PENDING'; nextAttemptAt: Date } | { status: 'FAILED' };

/**
 * How many attempts fit in the window: the first at once, then one after each wait of the
 * schedule (at its ceiling) while the waits add up to at most `windowMs`. Counting attempts rather
 * than the age of the delivery lets a replay start over with a full day.
 */
export function maxAttempts({ baseMs, maxMs, windowMs }: Pick<WebhookRetryPolicy, 'baseMs' | 'maxMs' | 'windowMs'>): number {
  let attempts = 1;
  let waited = 0;
  for (;;) {
    const wait = backoffDelay(attempts, { baseMs, maxMs, jitter: false });
    if (waited + wait > windowMs || attempts >= 10_000) return attempts;
    waited += wait;
    attempts += 1;
  }
}

/** What a delivery becomes after its attempt number `attempts`. */
export function afterAttempt({ ok, attempts }: { ok: boolean; attempts: number }, policy: WebhookRetryPolicy, now: Date, random: () => number = Math.random): AttemptOutcome {
  if (ok) return { status: 'SUCCEEDED' };
  if (attempts >= maxAttempts(policy)) return { status: 'FAILED' };
  return { status: 'PENDING', nextAttemptAt: new Date(now.getTime() + webhookRetryDelay(attempts, policy, random)) };
}

/** An endpoint that has failed continuously for `disableAfterMs` is disabled. */
export const shouldDisable = (failingSince: Date | null, now: Date, policy: Pick<WebhookRetryPolicy, 'disableAfterMs'>): boolean =>
  failingSince !== null && now.getTime() - failingSince.getTime() >= policy.disableAfterMs;

/** A 2xx answer accepts the delivery; anything else (3xx included: redirects are not followed) fails it. */
export const accepted = (status: number | null): boolean => status !== null && status >= 200 && status < 300;

/** Everything a notify instance needs to know about webhooks (from NotifyEnv or a test's deps). */
export interface WebhookSettings extends UrlRules {
  retry: WebhookRetryPolicy;
  /** Deadline of one attempt. */
  timeoutMs: number;
  /** How often the sender looks for due deliveries. */
  pollMs: number;
  batchSize: number;
  /** How long a claimed delivery is reserved for its sender (longer than `timeoutMs`). */
  leaseMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  requireHttps: false,
  allowPrivate: true,
  retry: DEFAULT_RETRY_POLICY,
  timeoutMs: 10_000,
  pollMs: 1000,
  batchSize: 20,
  leaseMs: 60_000,
};

const DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED'];

/** A stored status as the schema's enum; a row changed by hand to anything else reads as FAILED. */
export const deliveryStatus = (value: string): WebhookDeliveryStatus => (DELIVERY_STATUSES as readonly string[]).includes(value) ? (value as WebhookDeliveryStatus) : 'FAILED';
