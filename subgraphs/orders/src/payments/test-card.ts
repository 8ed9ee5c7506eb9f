/**
 * `test-card`: a card processor simulator for development and tests, so checkout runs end to end
 * (PENDING, then a signed webhook) without a PSP account. It behaves like a real one where it
 * matters to our code: the outcome arrives later, by an HMAC-signed webhook delivered with retries
 * until a 2xx, authorize is idempotent per key, and signatures are checked in constant time with a
 * replay window. Never enabled in production (the registry refuses it): it approves any valid
 * card number without charging anything.
 *
 * Cards: not 12-19 digits or Luhn-invalid -> DECLINED at once; 4000 0000 0000 0002 -> PENDING then
 * `payment.declined`; any other valid number (4242 4242 4242 4242) -> PENDING then `payment.authorized`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { z } from '@miw/config';
import type { Logger } from '@miw/logging';
import { retry } from '@miw/retry';
import {
  headerValue,
  PaymentProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type AuthorizeRequest,
  type AuthorizeResult,
  type PaymentProvider,
  type PaymentWebhookEvent,
  type WebhookHeaders,
} from './provider';

export const TEST_CARD_SIGNATURE_HEADER = 'x-test-card-signature';
/** A signature older (or newer) than this is refused: a captured webhook cannot be replayed later. */
const TOLERANCE_SECONDS = 300;
/** Valid numbers that the simulated issuer declines, with the reason it gives. */
const DECLINING_CARDS: ReadonlyMap<string, string> = new Map([['4000000000000002', 'card declined']]);
/** Authorize outcomes remembered for idempotency (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

export interface TestCardOptions {
  /** The HMAC key of the webhooks (TEST_CARD_WEBHOOK_SECRET). */
  secret: string;
  /** How long the simulated issuer "thinks" before the webhook (TEST_CARD_DELAY_MS). */
  delayMs: number;
  /** Where to deliver, read at each delivery: the service knows its own URL only once it listens. */
  webhookUrl: () => string | undefined;
  logger: Logger;
  /** Delivery attempts before giving up (default 8), backoff between them, timeout of one attempt. */
  delivery?: { attempts?: number; baseMs?: number; maxMs?: number; timeoutMs?: number };
}

/** The simulator; `close()` cancels pending and retrying deliveries (tests and shutdown). */
export interface TestCardProvider extends PaymentProvider {
  close(): Promise<void>;
}

interface SimulatedEvent {
  id: string;
  type: 'payment.authorized' | 'payment.declined';
  providerRef: string;
  reason: string | null;
  created: number;
}

const TestCardEventBody = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  providerRef: z.string().min(1).max(200),
  reason: z.string().max(500).nullable().optional(),
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const randomId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** The Luhn checksum every card number carries (catches typos and most made-up numbers). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The card number without spaces, or null when it is not 12-19 digits with a valid Luhn checksum. */
export function normalizeCardNumber(token: string | null): string | null {
  const digits = (token ?? '').replace(/ /g, '');
  return /^\d{12,19}$/.test(digits) && luhnValid(digits) ? digits : null;
}

function hmacHex(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The `x-test-card-signature` header of `body`: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`.
 * Signing the timestamp with the body is what makes the replay window enforceable.
 */
export function signTestCardWebhook(secret: string, body: string | Buffer, timestampSeconds: number = nowSeconds()): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

/** Throws WebhookSignatureError unless `header` signs `rawBody` with `secret` within the tolerance. */
function verifySignature(secret: string, rawBody: Buffer, header: string | undefined): void {
  if (!header) throw new WebhookSignatureError(`missing ${TEST_CARD_SIGNATURE_HEADER} header`);
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([key]) => key === 't')?.[1];
  const signatures = parts.filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)).map(([, value]) => Buffer.from(value!, 'hex'));
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) throw new WebhookSignatureError('malformed signature header');
  if (Math.abs(nowSeconds() - Number(timestamp)) > TOLERANCE_SECONDS) throw new WebhookSignatureError('signature timestamp outside the tolerance');
  const expected = Buffer.from(hmacHex(secret, Number(timestamp), rawBody), 'hex');
  if (!signatures.some((signature) => timingSafeEqual(signature, expected))) throw new WebhookSignatureError('signature does not match');
}

/** Reads a verified body as a provider-neutral event. */
function readEvent(rawBody: Buffer): PaymentWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookPayloadError('body is not JSON');
  }
  const parsed = TestCardEventBody.safeParse(json);
  if (!parsed.success) throw new WebhookPayloadError('body is not a test-card event');
  const { id, type, providerRef, reason } = parsed.data;
  const kind = type === 'payment.authorized' ? 'AUTHORIZED' : type === 'payment.declined' ? 'DECLINED' : 'IGNORED';
  return { eventId: id, providerRef, kind, reason: kind === 'DECLINED' ? (reason ?? 'declined') : null };
}

/** Stores `value` under `key`, forgetting the oldest entry past MAX_REMEMBERED; returns `value`. */
function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

/** POSTs one JSON body on a fresh connection (no keep-alive socket outlives the simulator); resolves the status. */
function postOnce(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, { method: 'POST', agent: false, signal, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume(); // the answer's body is not ours to read
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Creates the simulator. Its pending deliveries live until delivered, given up, or `close()`. */
export function createTestCardProvider(opts: TestCardOptions): TestCardProvider {
  const { secret, delayMs, webhookUrl, logger } = opts;
  const { attempts = 8, baseMs = 200, maxMs = 5_000, timeoutMs = 5_000 } = opts.delivery ?? {};
  const closing = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const deliveries = new Set<Promise<void>>();
  const outcomes = new Map<string, AuthorizeResult>();
  const refunds = new Map<string, string>();

  async function deliverAttempt(event: SimulatedEvent): Promise<void> {
    const url = webhookUrl();
    if (!url) throw new Error('no webhook URL yet');
    const body = JSON.stringify(event);
    // Signed at each attempt: a delivery retried for minutes still carries a fresh timestamp.
    const headers = { 'content-type': 'application/json', [TEST_CARD_SIGNATURE_HEADER]: signTestCardWebhook(secret, body) };
    const status = await postOnce(url, body, headers, AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]));
    if (status < 200 || status >= 300) throw new Error(`webhook answered HTTP ${status}`);
  }

  async function deliver(event: SimulatedEvent): Promise<void> {
    const fields = { provider: 'test-card', eventId: event.id, providerRef: event.providerRef, type: event.type };
    try {
      await retry(() => deliverAttempt(event), {
        retries: attempts - 1,
        baseMs,
        maxMs,
        signal: closing.signal,
        onRetry: (error, attempt, waitMs) => logger.warn({ ...fields, attempt, waitMs, reason: (error as Error).message }, 'test-card webhook delivery failed; retrying'),
      });
      logger.debug(fields, 'test-card webhook delivered');
    } catch (error) {
      if (closing.signal.aborted) logger.debug(fields, 'test-card webhook delivery stopped by close()');
      else logger.error({ ...fields, attempts, reason: (error as Error).message }, 'test-card webhook delivery gave up');
    }
  }

  function schedule(event: SimulatedEvent): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const delivery = deliver(event).finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    }, delayMs);
    timers.add(timer);
  }

  function decide(req: AuthorizeRequest): AuthorizeResult {
    const card = normalizeCardNumber(req.token);
    if (!card) return { status: 'DECLINED', providerRef: null, reason: 'invalid card number' };
    const providerRef = randomId('tc');
    const declined = DECLINING_CARDS.get(card);
    schedule({ id: randomId('evt'), type: declined ? 'payment.declined' : 'payment.authorized', providerRef, reason: declined ?? null, created: nowSeconds() });
    return { status: 'PENDING', providerRef };
  }

  return {
    code: 'test-card',
    needsToken: true,
    offline: false,
    authorize: async (req) => {
      if (closing.signal.aborted) throw new PaymentProviderError('the test-card simulator is closed');
      return outcomes.get(req.idempotencyKey) ?? remember(outcomes, req.idempotencyKey, decide(req));
    },
    capture: async () => undefined,
    cancel: async () => undefined,
    refund: async ({ idempotencyKey }) => ({ refundRef: refunds.get(idempotencyKey) ?? remember(refunds, idempotencyKey, randomId('re')) }),
    parseWebhook: (rawBody: Buffer, headers: WebhookHeaders) => {
      verifySignature(secret, rawBody, headerValue(headers, TEST_CARD_SIGNATURE_HEADER));
      return readEvent(rawBody);
    },
    close: async () => {
      closing.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...deliveries]);
    },
  };
}
