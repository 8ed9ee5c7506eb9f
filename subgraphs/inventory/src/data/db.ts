import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { InventoryLevel, InventoryMovement, Shipment, ShipmentItem, StockRequest, StockRequestItem, TrackingEvent } from '../generated/prisma/client';
export { Prisma } from '../generated/prisma/client';

/** The inventory's Prisma client, on the service's pg pool. */
export function createInventoryDb(pool: Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
export type InventoryDb = PrismaClient;
/** An interactive transaction of the inventory client. */
export type InventoryTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Reads run on the client or inside a transaction. */
export type InventoryReader = InventoryDb | InventoryTx;

/**
 * Runs `fn` in one transaction. Waiting for a connection may take a while when many writes hit
 * one level at once (each holds its row lock briefly): wait rather than fail.
 */
export const transaction = <T>(db: InventoryDb, fn: (tx: InventoryTx) => Promise<T>): Promise<T> => db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 });
