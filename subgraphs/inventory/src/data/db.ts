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
