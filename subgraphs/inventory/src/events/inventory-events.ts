/**
 * Inventory events, written to the outbox in the transaction of the change (see README.md here
 * for topics and payloads). A payload is the object the GraphQL resolvers of the same type read
 * (plus `audience`), so a subscription can hand `payload` to them as is.
 */
import { outboxRow, type OutboxRow } from '@miw/events';
import { topicName, type RegionCode } from '@miw/contracts';
import type { Audience } from '../domain/audience';
import { availableOf, isLowStock } from '../domain/movement';
import type { InventoryLevel, InventoryMovement, StockRequest, StockRequestItem, Shipment, ShipmentItem, TrackingEvent } from '../data/db';

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());

export interface MovementSnapshot {
  id: string;
  delta: number;
  reason: string;
  actorId: string | null;
  correlationId: string;
  note: string | null;
  shipmentId: string | null;
  createdAt: string;
}

export interface LevelSnapshot {
  id: string;
  storeId: string;
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  lowStock: boolean;
  updatedAt: string;
  movement: MovementSnapshot | null;
  audience: Audience;
}

export function movementSnapshot(m: InventoryMovement): MovementSnapshot {
  return { id: m.id, delta: m.delta, reason: m.reason, actorId: m.actorId, correlationId: m.correlationId, note: m.note, shipmentId: m.shipmentId, createdAt: iso(m.createdAt)! };
}

export function levelSnapshot(l: InventoryLevel, movement: InventoryMovement | null, audience: Audience): LevelSnapshot {
  return {
    id: l.id,
    storeId: l.storeId,
    productId: l.productId,
    onHand: l.onHand,
    reserved: l.reserved,
    available: availableOf(l),
    lowStockThreshold: l.lowStockThreshold,
    lowStock: isLowStock(l),
    updatedAt: iso(l.updatedAt)!,
    movement: movement ? movementSnapshot(movement) : null,
    audience,
  };
}

export function stockRequestSnapshot(r: StockRequest & { items: StockRequestItem[] }, audience: Audience) {
  return {
    id: r.id,
    storeId: r.storeId,
    status: r.status,
    note: r.note,
    rejectionReason: r.rejectionReason,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    items: r.items.map((i) => ({ id: i.id, productId: i.productId, requestedQuantity: i.requestedQuantity, approvedQuantity: i.approvedQuantity })),
    audience,
  };
}

export function shipmentSnapshot(s: Shipment & { items: ShipmentItem[]; trackingEvents: TrackingEvent[] }, audience: Audience) {
  return {
    id: s.id,
    stockRequestId: s.stockRequestId,
    storeId: s.storeId,
    logisticsOrganizationId: s.logisticsOrganizationId,
    status: s.status,
    exceptionReason: s.exceptionReason,
    deliveredAt: iso(s.deliveredAt),
    verifiedAt: iso(s.verifiedAt),
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
    items: s.items.map((i) => ({ id: i.id, productId: i.productId, quantity: i.quantity, receivedQuantity: i.receivedQuantity })),
    trackingEvents: s.trackingEvents.map((t) => ({ id: t.id, status: t.status, location: t.location, note: t.note, occurredAt: iso(t.occurredAt)! })),
    audience,
  };
}

export interface DiscrepancyLine {
  shipmentItemId: string;
  productId: string;
  shipped: number;
  received: number;
  difference: number;
}

interface EventContext {
  region: RegionCode;
  correlationId: string;
}

function inventoryEvent(ctx: EventContext, entityTopic: string, type: string, entity: string, entityId: string, updatedAt: string, payload: object): OutboxRow {
  return outboxRow(topicName(ctx.region, 'inventory', entityTopic), {
    type,
    entity,
    entityId,
    originRegion: ctx.region,
    entityUpdatedAt: new Date(updatedAt),
    correlationId: ctx.correlationId,
    payload,
  });
}

export const levelChanged = (ctx: EventContext, s: LevelSnapshot): OutboxRow => inventoryEvent(ctx, 'inventory_level', 'inventory.inventory_level.changed', 'InventoryLevel', s.id, s.updatedAt, s);

/** Written once per crossing into low stock (not low before the change, low after). */
export const lowStockCrossed = (ctx: EventContext, s: LevelSnapshot): OutboxRow => inventoryEvent(ctx, 'low_stock', 'inventory.low_stock.crossed', 'InventoryLevel', s.id, s.updatedAt, s);

export const stockRequestEvent = (ctx: EventContext, verb: 'created' | 'approved' | 'rejected' | 'acknowledged' | 'shipped', s: ReturnType<typeof stockRequestSnapshot>): OutboxRow =>
  inventoryEvent(ctx, 'stock_request', `inventory.stock_request.${verb}`, 'StockRequest', s.id, s.updatedAt, s);

export const shipmentEvent = (ctx: EventContext, verb: 'created' | 'updated', s: ReturnType<typeof shipmentSnapshot>): OutboxRow =>
  inventoryEvent(ctx, 'shipment', `inventory.shipment.${verb}`, 'Shipment', s.id, s.updatedAt, s);

/** Received quantities that differ from the shipped ones, for admins, the manufacturers and the partner. */
export const discrepancyRecorded = (
  ctx: EventContext,
  shipment: { id: string; stockRequestId: string | null; storeId: string; updatedAt: string },
  lines: DiscrepancyLine[],
  audience: Audience,
): OutboxRow =>
  inventoryEvent(ctx, 'discrepancy', 'inventory.discrepancy.recorded', 'Shipment', shipment.id, shipment.updatedAt, {
    shipmentId: shipment.id,
    stockRequestId: shipment.stockRequestId,
    storeId: shipment.storeId,
    lines,
    audience,
  });

/** Topics inventory writes (for consumers and topic creation). */
export const INVENTORY_EVENT_ENTITIES = ['inventory_level', 'low_stock', 'stock_request', 'shipment', 'discrepancy'] as const;
export const inventoryTopics = (region: RegionCode, prefix = '') => INVENTORY_EVENT_ENTITIES.map((e) => topicName(region, 'inventory', e, prefix));
