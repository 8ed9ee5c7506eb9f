import { LOCALES } from '@miw/contracts';
import * as m from './messages';

const id = '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const other = '9f8e7d6c-5b4a-4321-8765-43210fedcba9';

describe('notification messages', () => {
  it('shows ids short and money in the currency\'s minor units', () => {
    expect(m.shortId(id)).toBe('0B6A1C2D');
    expect(m.money(2598, 'EUR')).toBe('25.98 EUR');
    expect(m.money(1500, 'JPY')).toBe('1500 JPY');
    expect(m.money(100, 'XQQ')).toBe('1.00 XQQ');
  });

  it('writes every supply-chain notification in English and Simplified Chinese', () => {
    const request = { requestId: id, lines: 2, units: 30, reason: 'Too many' };
    const shipment = { shipmentId: id, status: 'IN_TRANSIT', reason: 'Flat tyre', units: 12 };
    const texts = [
      (l: (typeof LOCALES)[number]) => m.stockRequestCreated(request, l),
      (l: (typeof LOCALES)[number]) => m.stockRequestApproved(request, l),
      (l: (typeof LOCALES)[number]) => m.stockRequestRejected(request, l),
      (l: (typeof LOCALES)[number]) => m.stockRequestAcknowledged(request, l),
      (l: (typeof LOCALES)[number]) => m.shipmentAssigned(shipment, l),
      (l: (typeof LOCALES)[number]) => m.shipmentStatusChanged(shipment, l),
      (l: (typeof LOCALES)[number]) => m.shipmentException(shipment, l),
      (l: (typeof LOCALES)[number]) => m.shipmentDiscrepancy({ shipmentId: id, lines: 2, missing: 3, extra: 1 }, l),
      (l: (typeof LOCALES)[number]) => m.lowStock({ productId: id, storeId: other, available: 2, threshold: 5 }, l),
    ];
    for (const text of texts) {
      const en = text('en');
      const zh = text('zh-CN');
      expect(en.title).toContain('0B6A1C2D');
      expect(zh.title).toContain('0B6A1C2D');
      expect(zh.title + zh.body).toMatch(/[\u4e00-\u9fff]/);
      expect(en.title + en.body).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(m.stockRequestRejected(request, 'en').body).toBe('Stock request 0B6A1C2D was rejected: Too many');
    expect(m.stockRequestRejected({ ...request, reason: null }, 'zh-CN').body).toBe('补货申请 0B6A1C2D 已被驳回。');
    expect(m.shipmentStatusChanged(shipment, 'zh-CN')).toEqual({ title: '货运 0B6A1C2D：运输中', body: '货运 0B6A1C2D 当前状态：运输中。' });
    expect(m.shipmentDiscrepancy({ shipmentId: id, lines: 1, missing: 3, extra: 0 }, 'en').body).toBe('The quantities received for shipment 0B6A1C2D differ on 1 lines (3 units missing).');
    expect(m.lowStock({ productId: id, storeId: other, available: 2, threshold: 5 }, 'zh-CN').body).toBe('门店 9F8E7D6C 的商品 0B6A1C2D 可用库存仅剩 2 件（预警值 5）。');
  });

  it('tells the shopper and the store partner of an order in their own words', () => {
    const facts = { orderId: id, totalAmount: 2598, currency: 'EUR' };
    expect(m.orderMessage('ORDER_PLACED', { ...facts, audience: 'shopper' }, 'en')).toEqual({ title: 'Order 0B6A1C2D placed', body: 'Thank you: your order 0B6A1C2D (25.98 EUR) was placed.' });
    expect(m.orderMessage('ORDER_PLACED', { ...facts, audience: 'store' }, 'en').title).toBe('New order 0B6A1C2D');
    expect(m.orderMessage('ORDER_PLACED', { ...facts, audience: 'store' }, 'zh-CN').title).toBe('新订单 0B6A1C2D');
    expect(m.orderMessage('ORDER_CANCELLED', { ...facts, audience: 'store' }, 'en').body).toBe('Order 0B6A1C2D (25.98 EUR) at your store was cancelled.');
    for (const type of ['ORDER_PLACED', 'ORDER_CONFIRMED', 'ORDER_READY_FOR_PICKUP', 'ORDER_SHIPPED', 'ORDER_FULFILLED', 'ORDER_CANCELLED', 'ORDER_REFUNDED'] as const) {
      for (const locale of LOCALES) {
        const text = m.orderMessage(type, { ...facts, audience: 'shopper' }, locale);
        expect(text.title).toContain('0B6A1C2D');
        expect(text.body.length).toBeGreaterThan(0);
      }
    }
    expect(m.orderMessage('ORDER_REFUNDED', { ...facts, audience: 'shopper' }, 'zh-CN').body).toBe('您的订单 0B6A1C2D 已退款（25.98 EUR）。');
  });
});
