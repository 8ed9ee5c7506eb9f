import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { Category, Manufacturer, Product, Store } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

/** The catalog's Prisma client, on the service's pg pool. */
export function createCatalogDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type CatalogDb = PrismaClient;
/** An interactive transaction of the catalog client. */
export type CatalogTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
