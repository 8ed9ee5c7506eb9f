import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { InventoryLevel } from '../generated/prisma/client';

/** The inventory's Prisma client, on the service's pg pool. */
export function createInventoryDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type InventoryDb = PrismaClient;
