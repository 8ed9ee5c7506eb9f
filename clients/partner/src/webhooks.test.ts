import { randomBytes } from 'node:crypto';
// What notify signs with (subgraphs/notify/src/webhooks/http.ts): the check must accept exactly that.
import { Webhook } from 'standardwebhooks';
import { parseWebhookEvent, verifyWebhookSignature } from './webhooks';

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const secret = newSecret();
const body = JSON.stringify({ type: 'order.placed', timestamp: '2026-12-07T10:00:00.000Z', data: { orderId: 'o-1', note: 'Grüße – 你好' } });
const signedAt = new Date('2026-12-07T10:00:00Z');
const delivery = (overrides: Partial<{ id: string; secret: string; body: string; at: Date }> = {}) => {
  const at = overrides.at ?? signedAt;
  const id = overrides.id ?? 'msg_1';
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(overrides.secret ?? secret).sign(id, at, overrides.body ?? body),
  };
};
const now = new Date(signedAt.getTime() + 10_000);

describe('verifyWebhookSignature', () => {
  it('accepts what notify signs: headers in any case, a Headers object, or bytes', () => {
    expect(verifyWebhookSignature({ body, headers: delivery(), secret, now })).toEqual({ ok: true, id: 'msg_1', timestamp: signedAt });
    const upper = Object.fromEntries(Object.entries(delivery()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhookSignature({ body, headers: upper, secret, now }).ok).toBe(true);
    expect(verifyWebhookSignature({ body: Buffer.from(body), headers: new Headers(delivery()), secret, now }).ok).toBe(true);
  });

  it('refuses a changed body, id or timestamp, and another secret', () => {
    const headers = delivery();
    expect(verifyWebhookSignature({ body: body.replace('o-1', 'o-2'), headers, secret, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhookSignature({ body, headers: { ...headers, 'webhook-id': 'msg_2' }, secret, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhookSignature({ body, headers: { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) }, secret, now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    expect(verifyWebhookSignature({ body, headers, secret: newSecret(), now })).toMatchObject({ ok: false, reason: 'signature_mismatch' });
  });

  it('accepts either secret during a rotation, and any of several signatures', () => {
    const old = newSecret();
    expect(verifyWebhookSignature({ body, headers: delivery({ secret: old }), secret: [secret, old], now }).ok).toBe(true);
    const headers = delivery();
    const both = `v1,${randomBytes(32).toString('base64')} v2,ignored ${headers['webhook-signature']}`;
    expect(verifyWebhookSignature({ body, headers: { ...headers, 'webhook-signature': both }, secret, now }).ok).toBe(true);
  });

  it('refuses timestamps more than 5 minutes away (replays), unless told otherwise', () => {
    const headers = delivery();
    expect(verifyWebhookSignature({ body, headers, secret, now: signedAt.getTime() + 300_000 }).ok).toBe(true);
    expect(verifyWebhookSignature({ body, headers, secret, now: signedAt.getTime() + 301_000 })).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
    expect(verifyWebhookSignature({ body, headers, secret, now: signedAt.getTime() - 301_000 })).toMatchObject({ ok: false, reason: 'timestamp_too_new' });
    expect(verifyWebhookSignature({ body, headers, secret, now: signedAt.getTime() + 86_400_000, toleranceSeconds: Infinity }).ok).toBe(true);
    expect(verifyWebhookSignature({ body, headers, secret, now: signedAt.getTime() + 61_000, toleranceSeconds: 60 })).toMatchObject({ ok: false, reason: 'timestamp_too_old' });
  });

  it('says what is malformed', () => {
    const headers = delivery();
    expect(verifyWebhookSignature({ body, headers: { 'webhook-id': 'msg_1' }, secret, now })).toEqual({ ok: false, reason: 'missing_header', message: 'missing webhook-timestamp, webhook-signature' });
    expect(verifyWebhookSignature({ body, headers: { ...headers, 'webhook-timestamp': '2026-12-07' }, secret, now })).toMatchObject({ ok: false, reason: 'malformed_timestamp' });
    expect(verifyWebhookSignature({ body, headers: { ...headers, 'webhook-signature': 'v1,short' }, secret, now })).toMatchObject({ ok: false, reason: 'malformed_signature' });
    expect(verifyWebhookSignature({ body, headers, secret: 'whsec_not base64!', now })).toMatchObject({ ok: false, reason: 'malformed_secret' });
  });
});

describe('parseWebhookEvent', () => {
  it('reads type, timestamp and data', () => {
    expect(parseWebhookEvent(Buffer.from(body))).toEqual({ type: 'order.placed', timestamp: '2026-12-07T10:00:00.000Z', data: { orderId: 'o-1', note: 'Grüße – 你好' } });
    expect(() => parseWebhookEvent('[]')).toThrow(TypeError);
    expect(() => parseWebhookEvent('{"type":"x","timestamp":"t","data":[]}')).toThrow(TypeError);
  });
});
