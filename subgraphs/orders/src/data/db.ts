import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { Cart, CartItem, Order, OrderItem } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

/** The orders Prisma client, on the service's pg pool. */
export function createOrdersDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type OrdersDb = PrismaClient;
