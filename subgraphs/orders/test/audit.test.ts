/**
 * Admins' order actions are audited (gateway, real PostgreSQL and Kafka): confirm, mark ready,
 * ship, fulfil and cancel by an admin each write one `orders.audit.recorded` message in the outbox
 * of the transaction, with the order's business fields before and after (no shopper's email or
 * address); the store's partner and the shopper taking the same steps write none.
 */
import { randomUUID } from 'node:crypto';
import type { AuditPayload } from '@miw/contracts';
import { action, buy, CANCEL, startMarket, viewer, type Market } from './market';

jest.setTimeout(120_000);

describe('orders audit entries', () => {
  let m: Market;
  const admin = viewer('ADMIN');

  beforeAll(async () => {
    m = await startMarket('ordersaudit');
  });
  afterAll(async () => {
    await m?.close();
  });

  const audits = async (orderId: string) =>
    (
      await m.orders.pool.query<{ topic: string; envelope: { payload: AuditPayload } }>(
        `SELECT topic, envelope FROM orders.outbox WHERE type = 'orders.audit.recorded' AND envelope->'payload'->>'targetId' = $1 ORDER BY id`,
        [orderId],
      )
    ).rows.map((r) => ({ topic: r.topic, ...r.envelope.payload }));

  async function placed() {
    const who = await m.shopper();
    const tea = await m.product({ priceAmount: 800 });
    await m.stock(m.store.a, tea, 10);
    const res = await buy(m, who, m.store.a, [[tea, 2]], randomUUID());
    expect(res.errors).toBeUndefined();
    return { who, order: res.data!.checkout.order as { id: string } };
  }

  it('records every step an admin takes, with the order before and after', async () => {
    const { order } = await placed();
    for (const step of ['confirmOrder', 'markOrderReady', 'fulfillOrder']) {
      const res = await m.call(admin, action(step), { id: order.id });
      expect(res.data![step].errors).toEqual([]);
    }
    const rows = await audits(order.id);
    expect(rows.map((r) => [r.action, r.before?.status, r.after?.status])).toEqual([
      ['order.confirm', 'PLACED', 'CONFIRMED'],
      ['order.mark_ready', 'CONFIRMED', 'READY_FOR_PICKUP'],
      ['order.fulfill', 'READY_FOR_PICKUP', 'FULFILLED'],
    ]);
    expect(rows[0]).toMatchObject({ topic: 'eu.orders.audit.v1', actorId: admin.userId, actorRole: 'ADMIN', targetType: 'Order', targetId: order.id });
    expect(rows[0]!.after).toMatchObject({ storeId: m.store.a, totalAmount: 1600, currency: 'EUR' });
    expect(rows[2]!.after).toMatchObject({ reservationState: 'SOLD' });
  });

  it('records an admin shipping and an admin cancelling, without the shopper\'s personal data', async () => {
    const shipped = (await placed()).order;
    await m.call(admin, action('confirmOrder'), { id: shipped.id });
    await m.call(admin, action('shipOrder'), { id: shipped.id });
    expect((await audits(shipped.id)).map((r) => r.action)).toEqual(['order.confirm', 'order.ship']);

    const { order } = await placed();
    const res = await m.call(admin, CANCEL, { id: order.id, reason: 'call me on +49 170 000000' });
    expect(res.data!.cancelOrder.errors).toEqual([]);
    const rows = await audits(order.id);
    // The refund or release the system does afterwards is no admin action: one entry.
    expect(rows.map((r) => [r.action, r.before?.status, r.after?.status, r.after?.cancelReason])).toEqual([['order.cancel', 'PLACED', 'CANCELLED', 'ADMIN']]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('+49');
    expect(text).not.toContain('@');
  });

  it('records nothing when the partner or the shopper acts', async () => {
    const { who, order } = await placed();
    const partner = viewer('PARTNER', m.org.partnerA);
    await m.call(partner, action('confirmOrder'), { id: order.id });
    await m.call(partner, action('markOrderReady'), { id: order.id });
    await m.call(partner, action('fulfillOrder'), { id: order.id });
    const cancelled = (await placed()).order;
    await m.call(who, CANCEL, { id: cancelled.id });
    expect(await audits(order.id)).toEqual([]);
    expect(await audits(cancelled.id)).toEqual([]);
  });
});
