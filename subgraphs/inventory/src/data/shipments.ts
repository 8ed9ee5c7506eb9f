/** Shipments, their lines and tracking events. Status changes are conditional UPDATEs. */
import { afterTimeCursor } from '@miw/service-kit';
import type { ShipmentStatus } from '../domain/shipment';
import type { InventoryDb, InventoryReader, InventoryTx, Prisma, Shipment, ShipmentItem, TrackingEvent } from './db';

export type FullShipment = Shipment & { items: ShipmentItem[]; trackingEvents: TrackingEvent[] };

const FULL = { items: { orderBy: { productId: 'asc' } }, trackingEvents: { orderBy: [{ occurredAt: 'asc' }, { createdAt: 'asc' }] } } as const satisfies Prisma.ShipmentInclude;

export const findShipments = (db: InventoryReader, ids: readonly string[]): Promise<FullShipment[]> => db.shipment.findMany({ where: { id: { in: [...ids] } }, include: FULL });

export const findShipment = async (db: InventoryReader, id: string): Promise<FullShipment | null> => (await findShipments(db, [id]))[0] ?? null;

export const findShipmentsOfRequests = (db: InventoryDb, requestIds: readonly string[]): Promise<FullShipment[]> =>
  db.shipment.findMany({ where: { stockRequestId: { in: [...requestIds] } }, include: FULL, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

export interface NewShipment {
  stockRequestId: string;
  storeId: string;
  logisticsOrganizationId: string | null;
  items: { productId: string; quantity: number }[];
}

export const insertShipment = (tx: InventoryTx, s: NewShipment): Promise<FullShipment> =>
  tx.shipment.create({
    data: { stockRequestId: s.stockRequestId, storeId: s.storeId, logisticsOrganizationId: s.logisticsOrganizationId, items: { create: s.items } },
    include: FULL,
  });

/** Assigns the carrier unless the shipment is delivered; false when it is (or does not exist). */
export async function assignLogistics(tx: InventoryTx, id: string, logisticsOrganizationId: string): Promise<boolean> {
  const { count } = await tx.shipment.updateMany({ where: { id, status: { not: 'DELIVERED' } }, data: { logisticsOrganizationId } });
  return count === 1;
}

export interface NewTrackingEvent {
  shipmentId: string;
  idempotencyKey: string;
  status: ShipmentStatus | null;
  location: string | null;
  note: string | null;
  occurredAt: Date;
  actorId: string | null;
}

/**
 * Stores a tracking update unless one with the same (shipment, idempotency key) exists; the
 * unique constraint decides, so two identical concurrent updates store one row. Returns false for
 * a repeated update.
 */
export async function insertTrackingEvent(tx: InventoryTx, e: NewTrackingEvent): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO inventory.tracking_event (id, shipment_id, idempotency_key, status, location, note, occurred_at, actor_id)
    VALUES (gen_random_uuid(), ${e.shipmentId}::uuid, ${e.idempotencyKey}, ${e.status}::inventory."ShipmentStatus", ${e.location}, ${e.note}, ${e.occurredAt}, ${e.actorId}::uuid)
    ON CONFLICT (shipment_id, idempotency_key) DO NOTHING RETURNING id::text AS id`;
  return rows.length === 1;
}

/** Moves a shipment to `to` only from one of `from` (atomic); false when its status did not allow it. */
export async function transitionShipment(tx: InventoryTx, id: string, from: ShipmentStatus[], to: ShipmentStatus, exceptionReason: string | null): Promise<boolean> {
  const data: Prisma.ShipmentUpdateManyMutationInput = { status: to, ...(to === 'EXCEPTION' ? { exceptionReason } : {}), ...(to === 'DELIVERED' ? { deliveredAt: new Date() } : {}) };
  const { count } = await tx.shipment.updateMany({ where: { id, status: { in: from } }, data });
  return count === 1;
}

/** Touches updatedAt (a tracking note without a status change still changes the shipment). */
export const touchShipment = (tx: InventoryTx, id: string) => tx.shipment.update({ where: { id }, data: { updatedAt: new Date() } });

/** Marks a delivered shipment verified, once; false when it is not delivered or already verified. */
export async function markVerified(tx: InventoryTx, id: string): Promise<boolean> {
  const { count } = await tx.shipment.updateMany({ where: { id, status: 'DELIVERED', verifiedAt: null }, data: { verifiedAt: new Date() } });
  return count === 1;
}

export async function setReceivedQuantities(tx: InventoryTx, lines: { shipmentItemId: string; received: number }[]): Promise<void> {
  for (const l of lines) await tx.shipmentItem.update({ where: { id: l.shipmentItemId }, data: { receivedQuantity: l.received } });
}

export interface ShipmentFilter {
  status?: ShipmentStatus | null;
  storeIds?: string[];
  productIds?: string[];
  logisticsOrganizationId?: string;
}

/** One page of shipments, newest first. */
export function listShipments(db: InventoryDb, filter: ShipmentFilter, limit: number, after?: { createdAt: Date; id: string }): Promise<FullShipment[]> {
  const and: Prisma.ShipmentWhereInput[] = [];
  if (filter.status) and.push({ status: filter.status });
  if (filter.storeIds) and.push({ storeId: { in: filter.storeIds } });
  if (filter.productIds) and.push({ items: { some: { productId: { in: filter.productIds } } } });
  if (filter.logisticsOrganizationId) and.push({ logisticsOrganizationId: filter.logisticsOrganizationId });
  if (after) and.push(afterTimeCursor(after, 'desc'));
  return db.shipment.findMany({ where: { AND: and }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit, include: FULL });
}
