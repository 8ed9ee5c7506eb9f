/** `syncStatus` (admins): the sync worker's own report, relayed (see ../services/sync-status.ts). */
import { readSyncStatus } from '../services/sync-status';
import type { QueryResolvers } from '../schema.generated';

export const SyncStatusQuery: QueryResolvers = {
  syncStatus: (_, __, ctx) => readSyncStatus(ctx),
};
