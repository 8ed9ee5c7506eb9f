import { afterAttempt, checkEventTypes, checkWebhookUrl, DEFAULT_RETRY_POLICY, maxAttempts, shouldDisable, WEBHOOK_EVENT_TYPES, webhookData, webhookEventType, webhookRetryDelay } from './webhooks';

describe('webhook event types', () => {
  it('lists every type once, sorted, derived from the contracts', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['order.placed', 'order.cancelled', 'stock_request.approved', 'shipment.updated', 'shipment.discrepancy', 'inventory.low_stock']));
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual(WEBHOOK_EVENT_TYPES);
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
  });

  it('maps envelope types to event types', () => {
    expect(webhookEventType('orders.order.placed')).toBe('order.placed');
    expect(webhookEventType('inventory.stock_request.approved')).toBe('stock_request.approved');
    expect(webhookEventType('inventory.discrepancy.recorded')).toBe('shipment.discrepancy');
    expect(webhookEventType('inventory.low_stock.crossed')).toBe('inventory.low_stock');
    expect(webhookEventType('catalog.product.created')).toBeNull();
  });

  it('checks event types of an input', () => {
    expect(checkEventTypes(['order.placed', ' order.placed', 'inventory.low_stock'])).toEqual({ ok: true, types: ['inventory.low_stock', 'order.placed'] });
    expect(checkEventTypes([]).ok).toBe(false);
    expect(checkEventTypes(['order.exploded']).ok).toBe(false);
  });
});

describe('webhook data', () => {
  const manufacturer = 'b0000000-0000-4000-8000-000000000001';
  const partner = 'b0000000-0000-4000-8000-000000000002';
  const order = { id: 'o', customerEmail: 'c@x.dev', shippingAddress: { city: 'Berlin' }, lines: [{ manufacturerOrganizationId: manufacturer }], audience: { organizationIds: [manufacturer, partner] } };

  it('drops the audience, and the customer for manufacturers', () => {
    expect(webhookData('orders.order.placed', order, partner)).toEqual({ id: 'o', customerEmail: 'c@x.dev', shippingAddress: { city: 'Berlin' }, lines: order.lines });
    expect(webhookData('orders.order.placed', order, manufacturer)).toEqual({ id: 'o', lines: order.lines });
    expect(webhookData('inventory.shipment.updated', { id: 's', audience: {} }, partner)).toEqual({ id: 's' });
  });
});

describe('webhook URLs', () => {
  const production = { requireHttps: true, allowPrivate: false };
  const development = { requireHttps: false, allowPrivate: true };

  it('accepts public https URLs and normalizes them', () => {
    expect(checkWebhookUrl(' https://hooks.partner.dev/in?x=1 ', production)).toEqual({ ok: true, url: 'https://hooks.partner.dev/in?x=1', hostname: 'hooks.partner.dev' });
  });

  it.each([
    ['http://hooks.partner.dev/in', 'https'],
    ['ftp://hooks.partner.dev/in', 'http(s)'],
    ['https://user:pw@hooks.partner.dev/', 'credentials'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://2130706433/', 'loopback'],
    ['https://0x7f.1/', 'loopback'],
    ['https://10.0.0.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[::1]/', 'loopback'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://localhost/', 'public host'],
    ['https://metadata.internal/', 'public host'],
    ['https://intranet/', 'public host'],
    ['not a url', 'URL'],
    [`https://x.dev/${'a'.repeat(3000)}`, 'at most'],
  ])('refuses %s in production (%s)', (url, message) => {
    const check = checkWebhookUrl(url, production);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toContain(message);
  });

  it('allows http and local receivers outside production', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4567/hook', development).ok).toBe(true);
    expect(checkWebhookUrl('http://localhost:4567/hook', development).ok).toBe(true);
  });
});

describe('webhook retries', () => {
  const policy = DEFAULT_RETRY_POLICY;

  it('waits exponentially longer, with jitter in the upper half of each ceiling, capped', () => {
    expect(webhookRetryDelay(1, policy, () => 0)).toBe(5_000);
    expect(webhookRetryDelay(1, policy, () => 1)).toBe(10_000);
    expect(webhookRetryDelay(3, policy, () => 1)).toBe(40_000);
    expect(webhookRetryDelay(30, policy, () => 1)).toBe(policy.maxMs);
    expect(webhookRetryDelay(30, policy, () => 0)).toBe(policy.maxMs / 2);
  });

  it('fits its attempts in a day, then gives up', () => {
    const attempts = maxAttempts(policy);
    let total = 0;
    for (let i = 1; i < attempts; i++) total += webhookRetryDelay(i, policy, () => 1);
    expect(total).toBeLessThanOrEqual(policy.windowMs);
    expect(total + webhookRetryDelay(attempts, policy, () => 1)).toBeGreaterThan(policy.windowMs);
    expect(attempts).toBeGreaterThan(10);
    const now = new Date('2026-11-21T10:00:00Z');
    expect(afterAttempt({ ok: true, attempts: 1 }, policy, now)).toEqual({ status: 'SUCCEEDED' });
    expect(afterAttempt({ ok: false, attempts: 1 }, policy, now, () => 1)).toEqual({ status: 'PENDING', nextAttemptAt: new Date(now.getTime() + 10_000) });
    expect(afterAttempt({ ok: false, attempts }, policy, now)).toEqual({ status: 'FAILED' });
  });

  it('disables an endpoint failing for 24 hours', () => {
    const now = new Date('2026-11-21T10:00:00Z');
    expect(shouldDisable(null, now, policy)).toBe(false);
    expect(shouldDisable(new Date('2026-11-20T10:00:01Z'), now, policy)).toBe(false);
    expect(shouldDisable(new Date('2026-11-20T10:00:00Z'), now, policy)).toBe(true);
  });
});
