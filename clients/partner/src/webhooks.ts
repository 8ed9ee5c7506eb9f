/**
 * Checking a webhook delivery exactly as notify signs it (Standard Webhooks, see
 * docs/notifications.md and subgraphs/notify/src/webhooks/http.ts):
 *
 * - headers `webhook-id` (the delivery id, the same on every retry), `webhook-timestamp` (Unix
 *   seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256>`, several space-separated allowed);
 * - the signed text is `<id>.<timestamp>.<raw body>`, keyed with the base64 bytes after `whsec_`;
 * - a timestamp more than 5 minutes away from now is refused (replays).
 *
 * notify signs with the endpoint's one current secret: `rotateWebhookEndpointSecret` replaces it
 * at once. To rotate without refusing deliveries already in flight, pass both the old and the new
 * secret until the old one is no longer needed; any of them may match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

type HeaderValue = string | readonly string[] | undefined;

export interface WebhookVerificationInput {
  /** The raw body exactly as received (not re-serialized JSON). */
  body: string | Uint8Array;
  /** The request's headers (any case); or give id, timestamp and signature below. */
  headers?: Headers | Readonly<Record<string, HeaderValue>>;
  id?: string;
  timestamp?: string | number;
  signature?: string;
  /** The endpoint's secret (`whsec_...`), or several during a rotation. */
  secret: string | readonly string[];
  /** Largest distance from `now` accepted, in seconds (default 300; Infinity skips the check). */
  toleranceSeconds?: number;
  now?: Date | number;
}

export type WebhookFailureReason =
  | 'missing_header'
  | 'malformed_timestamp'
  | 'malformed_signature'
  | 'malformed_secret'
  | 'signature_mismatch'
  | 'timestamp_too_old'
  | 'timestamp_too_new';

export type WebhookVerification =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; reason: WebhookFailureReason; message: string };

/** The body of a delivery. */
export interface WebhookEvent {
  /** e.g. `order.placed`, `shipment.updated` (`webhookEventTypes` lists them). */
  type: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: Record<string, unknown>;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HMAC_BYTES = 32;

function header(headers: WebhookVerificationInput['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, HeaderValue>)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(' ');
  }
  return undefined;
}

/** The HMAC key of a `whsec_<base64>` secret; null when it is not one. */
function secretKey(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded)) return null;
  const key = Buffer.from(encoded, 'base64');
  return key.length > 0 ? key : null;
}

/** The v1 signatures of the header, decoded; other versions are ignored. */
function v1Signatures(value: string): Buffer[] {
  const signatures: Buffer[] = [];
  for (const entry of value.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const encoded = entry.slice(comma + 1);
    if (!BASE64.test(encoded)) continue;
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length === HMAC_BYTES) signatures.push(bytes);
  }
  return signatures;
}

const failure = (reason: WebhookFailureReason, message: string): WebhookVerification => ({ ok: false, reason, message });

/** Checks a delivery's signature and timestamp; never throws. */
export function verifyWebhookSignature(input: WebhookVerificationInput): WebhookVerification {
  const id = input.id ?? header(input.headers, 'webhook-id');
  const timestampText = input.timestamp !== undefined ? String(input.timestamp) : header(input.headers, 'webhook-timestamp');
  const signature = input.signature ?? header(input.headers, 'webhook-signature');
  const missing = [!id && 'webhook-id', !timestampText && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean);
  if (!id || !timestampText || !signature) return failure('missing_header', `missing ${missing.join(', ')}`);
  if (!/^\d{1,15}$/.test(timestampText.trim())) return failure('malformed_timestamp', 'webhook-timestamp must be Unix seconds');
  const timestamp = Number(timestampText.trim());

  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const keys = secrets.map(secretKey);
  if (keys.length === 0 || keys.some((k) => k === null)) return failure('malformed_secret', 'a secret is not a whsec_<base64> value');
  const candidates = v1Signatures(signature);
  if (candidates.length === 0) return failure('malformed_signature', 'webhook-signature has no v1,<base64 HMAC-SHA256> entry');

  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : Buffer.from(input.body.buffer, input.body.byteOffset, input.body.byteLength);
  let matched = false;
  for (const key of keys as Buffer[]) {
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
    // Every candidate is compared (constant time each), without stopping at the first match.
    for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched;
  }
  if (!matched) return failure('signature_mismatch', 'no signature matches the secret');

  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = Math.floor((input.now instanceof Date ? input.now.getTime() : (input.now ?? Date.now())) / 1000);
  if (now - timestamp > tolerance) return failure('timestamp_too_old', `the delivery was signed ${now - timestamp} s ago (tolerance ${tolerance} s)`);
  if (timestamp - now > tolerance) return failure('timestamp_too_new', `the delivery is dated ${timestamp - now} s in the future (tolerance ${tolerance} s)`);
  return { ok: true, id, timestamp: new Date(timestamp * 1000) };
}

/** The event of a verified delivery's body; throws a TypeError for anything else. */
export function parseWebhookEvent(body: string | Uint8Array): WebhookEvent {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new TypeError('a webhook body is a JSON object');
  const { type, timestamp, data } = value as Record<string, unknown>;
  if (typeof type !== 'string' || typeof timestamp !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TypeError('a webhook body has type, timestamp and data');
  }
  return { type, timestamp, data: data as Record<string, unknown> };
}
