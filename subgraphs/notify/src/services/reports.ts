/**
 * The region's daily report: counters fed by the region's order and inventory events (the
 * consumer claims each in the inbox, so a redelivery counts nothing twice), read by `dailyReport(date)` and sent each day
 * to the region's admins as a DAILY_REPORT notification (and email, where their preferences allow).
 */
import type { Pool, PoolClient } from 'pg';
import type { DiscrepancyPayload, EventEnvelope, LevelPayload, OrderPayload, RegionCode, ShipmentPayload, StockRequestPayload } from '@miw/contracts';
import { claimInboxEvent, inTransaction } from '@miw/events';
import { userInputError } from '@miw/service-kit';
import { incrementStats, statsOfDay } from '../data/daily-stats';
import type { NotifyDb } from '../data/db';
import { dayString, figuresOf, orderIncrements, readReportDate, reportMessage, utcDay, type DailyFigures, type StatIncrement } from '../domain/reports';
import { dispatchNotifications } from './dispatch';
import { regionAdmins } from './recipients';

const CONSUMER = 'report-stats';

/**
 * Adds an event's increments to the UTC day it happened on; answers how many counters moved. The
 * consumer has claimed the event in the inbox in the same transaction (a redelivery never gets here).
 */
async function count(client: PoolClient, event: EventEnvelope, increments: () => Promise<StatIncrement[]> | StatIncrement[]): Promise<number> {
  const moved = await increments();
  await incrementStats(client, utcDay(new Date(event.occurredAt)), moved);
  return moved.length;
}

/**
 * Whether `entityId` is seen for the first time under `what`: a shipment is delivered, or has its
 * discrepancy recorded, once, however many events repeat the fact (every later update of a
 * delivered shipment still says DELIVERED). The inbox keeps the entity id as the key of that fact.
 */
const firstTime = (client: PoolClient, what: string, event: EventEnvelope, entityId: string): Promise<boolean> =>
  claimInboxEvent(client, 'notify', `${CONSUMER}.${what}`, { ...event, eventId: entityId });

export const countOrderEvent = (client: PoolClient, event: EventEnvelope<OrderPayload>) => count(client, event, () => orderIncrements(event.type, event.payload));

export const countStockRequestEvent = (client: PoolClient, event: EventEnvelope<StockRequestPayload>) =>
  count(client, event, () => (event.type === 'inventory.stock_request.created' ? [{ metric: 'stock_requests_created' }] : []));

export const countShipmentEvent = (client: PoolClient, event: EventEnvelope<ShipmentPayload>) =>
  count(client, event, async () => [
    ...(event.type === 'inventory.shipment.created' ? [{ metric: 'shipments_created' as const }] : []),
    ...(event.payload.status === 'DELIVERED' && (await firstTime(client, 'delivered', event, event.payload.id)) ? [{ metric: 'shipments_delivered' as const }] : []),
  ]);

export const countDiscrepancyEvent = (client: PoolClient, event: EventEnvelope<DiscrepancyPayload>) =>
  count(client, event, async () => ((await firstTime(client, 'discrepancy', event, event.payload.shipmentId)) ? [{ metric: 'discrepancies' }] : []));

export const countLowStockEvent = (client: PoolClient, event: EventEnvelope<LevelPayload>) => count(client, event, () => [{ metric: 'low_stock_levels' }]);

/** `dailyReport(date)`: the figures of one UTC day of the region (admins only, by the access rules). */
export async function dailyReport({ db, region }: { db: NotifyDb; region: RegionCode }, date: string, now = new Date()): Promise<DailyFigures> {
  const read = readReportDate(date, now);
  if ('problem' in read) throw userInputError(read.problem, { field: 'date' });
  return figuresOf(date, region, await statsOfDay(db, read.day));
}

interface DailyReportDeps {
  pool: Pool;
  db: NotifyDb;
  region: RegionCode;
}

/** The daily job: `day`'s report to every admin of the region; answers how many notifications were written. */
export async function sendDailyReport({ pool, db, region }: DailyReportDeps, day: Date): Promise<number> {
  const date = dayString(day);
  const figures = figuresOf(date, region, await statsOfDay(db, day));
  return inTransaction(pool, async (client) =>
    dispatchNotifications(client, region, await regionAdmins(client, region), {
      type: 'DAILY_REPORT',
      link: { entity: 'DAILY_REPORT', id: date },
      data: { ...figures },
      // One report per admin and day, however often the job runs for that day.
      sourceEventId: `daily-report:${region}:${date}`,
      message: (locale) => reportMessage(figures, locale),
    }),
  );
}
