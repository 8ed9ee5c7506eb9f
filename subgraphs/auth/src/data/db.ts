import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { ApiKey, AuditLog, Invitation, Organization, User } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

/** The auth Prisma client, on the service's pg pool. */
export function createAuthDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type AuthDb = PrismaClient;
/** An interactive transaction of the auth client. */
export type AuthTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
