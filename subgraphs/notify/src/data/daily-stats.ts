/** The region's daily counters (notify.daily_stat). */
import type { PoolClient } from 'pg';
import type { NotifyDb } from './db';
import type { StatIncrement } from '../domain/reports';

/** Adds the increments to `day`'s counters (one statement whatever their number). */
export async function incrementStats(client: PoolClient, day: Date, increments: readonly StatIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await client.query(
    `INSERT INTO notify.daily_stat (day, metric, currency, count, amount)
     SELECT $1::date, i.metric, i.currency, i.count, i.amount
     FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) AS i(metric, currency, count, amount)
     ON CONFLICT (day, metric, currency) DO UPDATE
       SET count = notify.daily_stat.count + EXCLUDED.count, amount = notify.daily_stat.amount + EXCLUDED.amount`,
    [
      day.toISOString().slice(0, 10),
      increments.map((i) => i.metric),
      increments.map((i) => i.currency ?? ''),
      increments.map((i) => i.count ?? 1),
      increments.map((i) => String(i.amount ?? 0)),
    ],
  );
}

interface StatRow {
  metric: string;
  currency: string;
  count: number;
  amount: bigint;
}

/** Every counter of `day`. */
export const statsOfDay = (db: NotifyDb, day: Date): Promise<StatRow[]> =>
  db.dailyStat.findMany({ where: { day }, select: { metric: true, currency: true, count: true, amount: true } });
