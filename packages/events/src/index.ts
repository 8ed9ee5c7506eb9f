export * from './kafka';
export * from './outbox';
export * from './inbox';
export * from './replication';
export * from './live';
export type { SqlClient } from './sql';
export * from './prisma-schema';
export * from './dead-letter';
export * from './projection';
