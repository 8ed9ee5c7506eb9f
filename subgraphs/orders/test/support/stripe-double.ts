/**
 * A local HTTP double of the few Stripe API routes the `stripe` provider calls, so its tests run
 * the real `stripe` client (form encoding, idempotency keys, error classes, retries) without a
 * network or an account. It keeps PaymentIntents in memory with Stripe's statuses, replays the
 * response of a known Idempotency-Key without a second effect (and refuses the key with other
 * parameters, as Stripe does), and records every request for assertions.
 *
 * Test payment methods (Stripe's own names): `pm_card_visa` -> requires_capture,
 * `pm_card_chargeDeclined` -> HTTP 402 card_declined, `pm_card_threeDSecure2Required` ->
 * requires_action; anything else -> 400 resource_missing on `payment_method`.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Params = { [key: string]: string | Params };

interface StripeDoubleRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Params;
}

interface DoubleIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  capture_method: string;
  status: 'requires_payment_method' | 'requires_action' | 'requires_capture' | 'succeeded' | 'canceled';
  payment_method: string | null;
  metadata: Params;
  last_payment_error: { type: string; code: string; message: string } | null;
  client_secret: string;
  livemode: false;
}

export interface StripeDouble {
  /** Base URL for STRIPE_API_URL / the provider's `apiUrl`. */
  url: string;
  requests: StripeDoubleRequest[];
  intents: Map<string, DoubleIntent>;
  /** The next `count` requests answer HTTP `status` (an api_error) with no effect: an outage. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: unknown;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const error = (status: number, fields: Record<string, unknown>): Answer => ({ status, body: { error: fields } });
const DECLINE_MESSAGE = 'Your card was declined.';

/** Stripe's form encoding (`a[b]=1&c[0]=x`) as nested objects (list indexes become keys). */
function parseForm(body: string): Params {
  const root: Params = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const path = name.replace(/\]/g, '').split('[');
    let node = root;
    path.slice(0, -1).forEach((key) => {
      const next = node[key];
      node = typeof next === 'object' ? next : (node[key] = {});
    });
    node[path[path.length - 1]!] = value;
  }
  return root;
}

const text = (value: string | Params | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function unexpectedState(intent: DoubleIntent, action: string): Answer {
  return error(400, {
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message: `This PaymentIntent's ${action} could not be performed because it has a status of ${intent.status}.`,
    payment_intent: intent,
  });
}

/** The routes, over the in-memory intents. */
function createStripeState(intents: Map<string, DoubleIntent>) {
  const refunded = new Map<string, number>();

  function createIntent(params: Params): Answer {
    const amount = Number(text(params.amount));
    const currency = text(params.currency);
    const paymentMethod = text(params.payment_method) ?? null;
    if (!Number.isInteger(amount) || amount < 1 || !currency) return error(400, { type: 'invalid_request_error', code: 'parameter_missing', message: 'amount and currency are required' });
    const outcome: Record<string, DoubleIntent['status'] | 'declined'> = { pm_card_visa: 'requires_capture', pm_card_chargeDeclined: 'declined', pm_card_threeDSecure2Required: 'requires_action' };
    const result = paymentMethod ? outcome[paymentMethod] : undefined;
    if (!result) return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_method', message: `No such PaymentMethod: '${paymentMethod}'` });
    const intent: DoubleIntent = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_capturable: result === 'requires_capture' ? amount : 0,
      amount_received: 0,
      currency,
      capture_method: text(params.capture_method) ?? 'automatic',
      status: result === 'declined' ? 'requires_payment_method' : result,
      payment_method: paymentMethod,
      metadata: typeof params.metadata === 'object' ? params.metadata : {},
      last_payment_error: result === 'declined' ? { type: 'card_error', code: 'card_declined', message: DECLINE_MESSAGE } : null,
      client_secret: `${id('pi')}_secret`,
      livemode: false,
    };
    intents.set(intent.id, intent);
    if (result === 'declined') return error(402, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: DECLINE_MESSAGE, payment_intent: intent });
    return { status: 200, body: intent };
  }

  function capture(intent: DoubleIntent, params: Params): Answer {
    if (intent.status !== 'requires_capture') return unexpectedState(intent, 'capture');
    const amount = text(params.amount_to_capture) === undefined ? intent.amount_capturable : Number(text(params.amount_to_capture));
    if (!(amount >= 1 && amount <= intent.amount_capturable)) return error(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount_to_capture', message: 'amount_to_capture is larger than the amount capturable' });
    Object.assign(intent, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
    return { status: 200, body: intent };
  }

  function cancel(intent: DoubleIntent): Answer {
    if (intent.status === 'succeeded' || intent.status === 'canceled') return unexpectedState(intent, 'cancel');
    Object.assign(intent, { status: 'canceled', amount_capturable: 0 });
    return { status: 200, body: intent };
  }

  function refund(params: Params): Answer {
    const intent = intents.get(text(params.payment_intent) ?? '');
    if (!intent) return error(400, { type: 'invalid_request_error', code: 'resource_missing', param: 'payment_intent', message: `No such payment_intent: '${text(params.payment_intent)}'` });
    const left = intent.amount_received - (refunded.get(intent.id) ?? 0);
    const amount = text(params.amount) === undefined ? left : Number(text(params.amount));
    if (intent.status !== 'succeeded' || !(amount >= 1 && amount <= left)) return error(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: 'Nothing (or less) left to refund on this PaymentIntent' });
    refunded.set(intent.id, (refunded.get(intent.id) ?? 0) + amount);
    return { status: 200, body: { id: id('re'), object: 'refund', amount, currency: intent.currency, payment_intent: intent.id, status: 'succeeded' } };
  }

  return (method: string, path: string, params: Params): Answer => {
    if (method === 'POST' && path === '/v1/payment_intents') return createIntent(params);
    if (method === 'POST' && path === '/v1/refunds') return refund(params);
    const action = /^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/.exec(path);
    const intent = action ? intents.get(action[1]!) : undefined;
    if (action && !intent) return error(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${action[1]}'` });
    if (method === 'POST' && intent && action?.[2] === 'capture') return capture(intent, params);
    if (method === 'POST' && intent && action?.[2] === 'cancel') return cancel(intent);
    return error(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` });
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the double on a free local port. */
export async function startStripeDouble(): Promise<StripeDouble> {
  const requests: StripeDoubleRequest[] = [];
  const intents = new Map<string, DoubleIntent>();
  const route = createStripeState(intents);
  const replays = new Map<string, { fingerprint: string; answer: Answer }>();
  let failures = { count: 0, status: 500 };

  function answerOf(req: http.IncomingMessage, body: string, path: string, idempotencyKey: string | null): Answer {
    if (!/^Bearer sk_\w+$/.test(req.headers.authorization ?? '')) return error(401, { type: 'invalid_request_error', message: 'You did not provide a valid API key.' });
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return error(failures.status, { type: 'api_error', message: 'Simulated Stripe outage' });
    }
    const fingerprint = `${req.method} ${path} ${body}`;
    const replay = idempotencyKey ? replays.get(idempotencyKey) : undefined;
    if (replay && replay.fingerprint !== fingerprint) return error(400, { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' });
    if (replay) return replay.answer;
    const answer = route(req.method ?? 'GET', path, parseForm(body));
    if (idempotencyKey) replays.set(idempotencyKey, { fingerprint, answer: structuredClone(answer) });
    return answer;
  }

  const server = http.createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://double').pathname;
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : null;
      requests.push({ method: req.method ?? 'GET', path, idempotencyKey, params: parseForm(body) });
      const answer = answerOf(req, body, path, idempotencyKey);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    intents,
    failNext: (count, status = 500) => void (failures = { count, status }),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A Stripe event object as Stripe sends it (`data.object` is the PaymentIntent, Charge, ...). */
export function stripeEvent(type: string, object: Record<string, unknown>, eventId: string = id('evt')): Record<string, unknown> {
  return { id: eventId, object: 'event', api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type, data: { object } };
}

/** A webhook as Stripe delivers it: the JSON body and its `stripe-signature` header, signed with `secret`. */
export function signedStripeWebhook(secret: string, event: Record<string, unknown>, timestampSeconds?: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestampSeconds !== undefined ? { timestamp: timestampSeconds } : {}) });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
}
