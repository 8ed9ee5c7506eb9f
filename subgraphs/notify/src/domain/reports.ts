/**
 * The daily report, pure: reading the requested date, when a day's report is due, which counters
 * an event moves, and the report's message in each locale.
 */
import type { Locale } from '@miw/contracts';

/** The counters of a day (notify.daily_stat `metric`). */
type Metric =
  | 'orders_placed'
  | 'orders_cancelled'
  | 'orders_fulfilled'
  | 'revenue'
  | 'stock_requests_created'
  | 'shipments_created'
  | 'shipments_delivered'
  | 'discrepancies'
  | 'low_stock_levels';

/** A day's figures, as the GraphQL DailyReport. */
export interface DailyFigures {
  date: string;
  region: string;
  ordersPlaced: number;
  ordersCancelled: number;
  ordersFulfilled: number;
  revenue: { currency: string; amount: number }[];
  stockRequestsCreated: number;
  shipmentsCreated: number;
  shipmentsDelivered: number;
  discrepancies: number;
  lowStockLevels: number;
}

/** Reports are kept for this many days back (older requests are refused). */
export const REPORT_HISTORY_DAYS = 400;
/** The report of day D is sent at DAILY_REPORT_HOUR_UTC:15 on D + 1: a quarter hour for D's last events to arrive. */
const REPORT_SETTLE_MINUTES = 15;

const DAY_MS = 24 * 3600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of the day holding `at`. */
export const utcDay = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
/** YYYY-MM-DD of a UTC day. */
export const dayString = (day: Date): string => day.toISOString().slice(0, 10);

/** Reads a requested report date: a real calendar day, not in the future, at most REPORT_HISTORY_DAYS back. */
export function readReportDate(value: string, now: Date): { day: Date } | { problem: string } {
  const match = DATE.exec(value);
  if (!match) return { problem: 'date must be YYYY-MM-DD' };
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(day.getTime()) || dayString(day) !== value) return { problem: `${value} is not a calendar date` };
  const today = utcDay(now);
  if (day.getTime() > today.getTime()) return { problem: 'date is in the future' };
  if (today.getTime() - day.getTime() > REPORT_HISTORY_DAYS * DAY_MS) return { problem: `date is more than ${REPORT_HISTORY_DAYS} days ago` };
  return { day };
}

/**
 * The latest day whose report is due at `now`: yesterday once `hourUtc`:15 has passed today, the day
 * before otherwise (its run is then already claimed, unless it failed: a retry).
 */
export function reportDueDay(now: Date, hourUtc: number): Date {
  const today = utcDay(now);
  const dueAt = today.getTime() + hourUtc * 3600_000 + REPORT_SETTLE_MINUTES * 60_000;
  return new Date(today.getTime() - (now.getTime() >= dueAt ? 1 : 2) * DAY_MS);
}

/** A counter increment: one metric of one day (and currency, for revenue). */
export interface StatIncrement {
  metric: Metric;
  currency?: string;
  count?: number;
  amount?: number;
}

/** What an order event adds to its day: placements (with revenue), cancellations, fulfilments. */
export function orderIncrements(type: string, order: { totalAmount: number; currency: string }): StatIncrement[] {
  switch (type) {
    case 'orders.order.placed':
      return [{ metric: 'orders_placed' }, { metric: 'revenue', currency: order.currency.toUpperCase(), count: 1, amount: order.totalAmount }];
    case 'orders.order.cancelled':
      return [{ metric: 'orders_cancelled' }];
    case 'orders.order.fulfilled':
      return [{ metric: 'orders_fulfilled' }];
    default:
      return [];
  }
}

/** A day's figures from its counter rows (missing counters are 0). */
export function figuresOf(date: string, region: string, rows: readonly { metric: string; currency: string; count: number; amount: bigint | number }[]): DailyFigures {
  const count = (metric: Metric) => rows.filter((r) => r.metric === metric).reduce((sum, r) => sum + r.count, 0);
  return {
    date,
    region,
    ordersPlaced: count('orders_placed'),
    ordersCancelled: count('orders_cancelled'),
    ordersFulfilled: count('orders_fulfilled'),
    revenue: rows
      .filter((r) => r.metric === 'revenue')
      .map((r) => ({ currency: r.currency, amount: Number(r.amount) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    stockRequestsCreated: count('stock_requests_created'),
    shipmentsCreated: count('shipments_created'),
    shipmentsDelivered: count('shipments_delivered'),
    discrepancies: count('discrepancies'),
    lowStockLevels: count('low_stock_levels'),
  };
}

/** Minor units as a decimal amount: 2598 EUR is 25.98 EUR (every currency we sell in has 2 decimals). */
const money = (amount: number, currency: string): string => `${(amount / 100).toFixed(2)} ${currency}`;

const TEXT = {
  en: {
    title: (f: DailyFigures) => `Daily report ${f.date} (${f.region.toUpperCase()})`,
    lines: (f: DailyFigures) => [
      `Orders placed: ${f.ordersPlaced}`,
      `Orders cancelled: ${f.ordersCancelled}`,
      `Orders fulfilled: ${f.ordersFulfilled}`,
      `Revenue: ${f.revenue.length ? f.revenue.map((r) => money(r.amount, r.currency)).join(', ') : 'none'}`,
      `Stock requests created: ${f.stockRequestsCreated}`,
      `Shipments created: ${f.shipmentsCreated}`,
      `Shipments delivered: ${f.shipmentsDelivered}`,
      `Shipments with a discrepancy: ${f.discrepancies}`,
      `Levels that fell low: ${f.lowStockLevels}`,
    ],
    intro: (f: DailyFigures) => `What happened in the ${f.region.toUpperCase()} region on ${f.date} (UTC):`,
  },
  'zh-CN': {
    title: (f: DailyFigures) => `每日报告 ${f.date}（${f.region.toUpperCase()}）`,
    lines: (f: DailyFigures) => [
      `新订单：${f.ordersPlaced}`,
      `取消订单：${f.ordersCancelled}`,
      `完成订单：${f.ordersFulfilled}`,
      `收入：${f.revenue.length ? f.revenue.map((r) => money(r.amount, r.currency)).join('，') : '无'}`,
      `新补货申请：${f.stockRequestsCreated}`,
      `新发货：${f.shipmentsCreated}`,
      `已送达发货：${f.shipmentsDelivered}`,
      `有差异的发货：${f.discrepancies}`,
      `低库存：${f.lowStockLevels}`,
    ],
    intro: (f: DailyFigures) => `${f.region.toUpperCase()} 区域 ${f.date}（UTC）概况：`,
  },
} satisfies Record<Locale, unknown>;

/** The report's title and body in `locale`. */
export function reportMessage(f: DailyFigures, locale: Locale): { title: string; body: string } {
  const t = TEXT[locale];
  return { title: t.title(f), body: [t.intro(f), ...t.lines(f)].join('\n') };
}
