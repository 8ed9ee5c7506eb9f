import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { Cart, CartItem, CatalogProduct, CatalogStore, Checkout, Order, OrderItem, Payment } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

/** The orders Prisma client, on the service's pg pool. */
export function createOrdersDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type OrdersDb = PrismaClient;
/** An interactive transaction of the orders client. */
export type OrdersTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Reads run on the client or inside a transaction. */
export type OrdersReader = OrdersDb | OrdersTx;

/** Runs `fn` in one transaction; under a burst of checkouts, wait for a connection rather than fail. */
export const transaction = <T>(db: OrdersDb, fn: (tx: OrdersTx) => Promise<T>): Promise<T> => db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 });
