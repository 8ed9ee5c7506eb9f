import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { Notification, WebhookEndpoint, WebhookDelivery } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

/** The notify Prisma client, on the service's pg pool. */
export function createNotifyDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type NotifyDb = PrismaClient;
