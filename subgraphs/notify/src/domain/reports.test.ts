import { figuresOf, orderIncrements, readReportDate, reportDueDay, reportMessage, REPORT_HISTORY_DAYS } from './reports';

const now = new Date('2026-12-06T10:00:00.000Z');

describe('readReportDate', () => {
  it('reads a calendar day up to today', () => {
    expect(readReportDate('2026-12-06', now)).toEqual({ day: new Date('2026-12-06T00:00:00.000Z') });
    expect(readReportDate('2024-02-29', new Date('2024-03-01T00:00:00Z'))).toEqual({ day: new Date('2024-02-29T00:00:00.000Z') });
  });
  it.each([
    ['06.12.2026', 'YYYY-MM-DD'],
    ['2026-12-6', 'YYYY-MM-DD'],
    ['2026-02-30', 'not a calendar date'],
    ['2026-13-01', 'not a calendar date'],
    ['2026-12-07', 'future'],
    ['2025-01-01', `more than ${REPORT_HISTORY_DAYS} days`],
    ["2026-12-06'; DROP TABLE x; --", 'YYYY-MM-DD'],
    ['', 'YYYY-MM-DD'],
  ])('refuses %j', (value, problem) => {
    const read = readReportDate(value, now);
    expect('problem' in read && read.problem).toContain(problem);
  });
});

it('is due for yesterday from HH:15 UTC on, for the day before until then', () => {
  expect(reportDueDay(new Date('2026-12-06T00:14:59Z'), 0).toISOString()).toBe('2026-12-04T00:00:00.000Z');
  expect(reportDueDay(new Date('2026-12-06T00:15:00Z'), 0).toISOString()).toBe('2026-12-05T00:00:00.000Z');
  expect(reportDueDay(new Date('2026-12-06T23:59:59Z'), 0).toISOString()).toBe('2026-12-05T00:00:00.000Z');
  expect(reportDueDay(new Date('2026-12-06T05:00:00Z'), 6).toISOString()).toBe('2026-12-04T00:00:00.000Z');
});

it('counts placed orders with their revenue, cancellations and fulfilments; nothing else', () => {
  const order = { totalAmount: 2598, currency: 'eur' };
  expect(orderIncrements('orders.order.placed', order)).toEqual([{ metric: 'orders_placed' }, { metric: 'revenue', currency: 'EUR', count: 1, amount: 2598 }]);
  expect(orderIncrements('orders.order.cancelled', order)).toEqual([{ metric: 'orders_cancelled' }]);
  expect(orderIncrements('orders.order.fulfilled', order)).toEqual([{ metric: 'orders_fulfilled' }]);
  expect(orderIncrements('orders.order.created', order)).toEqual([]);
  expect(orderIncrements('orders.order.confirmed', order)).toEqual([]);
});

it('turns counter rows into the report and its message in both locales', () => {
  const figures = figuresOf('2026-12-05', 'eu', [
    { metric: 'orders_placed', currency: '', count: 3, amount: 0n },
    { metric: 'revenue', currency: 'EUR', count: 2, amount: 5000n },
    { metric: 'revenue', currency: 'CNY', count: 1, amount: 12345n },
    { metric: 'discrepancies', currency: '', count: 1, amount: 0n },
  ]);
  expect(figures).toEqual({
    date: '2026-12-05',
    region: 'eu',
    ordersPlaced: 3,
    ordersCancelled: 0,
    ordersFulfilled: 0,
    revenue: [
      { currency: 'CNY', amount: 12345 },
      { currency: 'EUR', amount: 5000 },
    ],
    stockRequestsCreated: 0,
    shipmentsCreated: 0,
    shipmentsDelivered: 0,
    discrepancies: 1,
    lowStockLevels: 0,
  });
  const en = reportMessage(figures, 'en');
  expect(en.title).toBe('Daily report 2026-12-05 (EU)');
  expect(en.body).toContain('Orders placed: 3');
  expect(en.body).toContain('Revenue: 123.45 CNY, 50.00 EUR');
  const zh = reportMessage(figures, 'zh-CN');
  expect(zh.title).toBe('每日报告 2026-12-05（EU）');
  expect(zh.body).toContain('新订单：3');
});
