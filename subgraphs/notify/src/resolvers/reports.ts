/** The daily report query: the date is checked by the service (BAD_USER_INPUT on field `date`). */
import { dailyReport } from '../services/reports';
import type { QueryResolvers } from '../schema.generated';

export const reportQueries: Pick<QueryResolvers, 'dailyReport'> = {
  dailyReport: (_parent, { date }, ctx) => dailyReport(ctx, date),
};
