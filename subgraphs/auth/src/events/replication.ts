/**
 * Users and organizations replicate both ways (each region writes them). The sync worker applies
 * the other region's snapshots with these tables; the version order is (updated_at, last_event_id),
 * stamped on local writes by the `auth.stamp_version` trigger (prisma/auth/sql). Credentials
 * (login codes, refresh tokens, API keys) are region-local and never replicate.
 *
 * Columns are derived, not listed: the keys of each contract's payload, typed and mapped by the
 * entity's model in prisma/auth/schema.prisma.
 */
import path from 'node:path';
import { createReplicator, readPrismaModels, replicatedTables } from '@miw/events';
import { AUTH_REPLICATED_CONTRACTS } from '@miw/contracts';

const SCHEMA_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'prisma', 'auth', 'schema.prisma');

export const authReplicator = createReplicator({
  schema: 'auth',
  tieBreak: true,
  tables: replicatedTables(readPrismaModels(SCHEMA_FILE), 'auth', AUTH_REPLICATED_CONTRACTS),
});
