/** Owned by the schedules/reports helper: dailyReport. */
import type { QueryResolvers } from '../schema.generated';

export const reportQueries: Pick<QueryResolvers, 'dailyReport'> = {};
