/**
 * Inventory events, built through their contracts (`@miw/contracts`, events/inventory.ts) and
 * written to the outbox in the transaction of the change (see README.md here for topics and
 * payloads). Payloads are built field by field from the rows, so a new column never changes an
 * event by itself. A payload is the object the GraphQL resolvers of the same type read (plus
 * `audience`), so a subscription can hand it to them as is.
 */
import {
  discrepancyEvents,
  inventoryLevelEvents,
  iso,
  isoOrNull,
  lowStockEvents,
  shipmentEvents,
  stockRequestEvents,
  type AudiencePayload,
  type DiscrepancyPayload,
  type LevelPayload,
  type MovementPayload,
  type OutboxMessage,
  type RegionCode,
  type ShipmentPayload,
  type StockRequestPayload,
} from '@miw/contracts';
import { availableOf, isLowStock } from '../domain/movement';
import type { ReceivedLine } from '../domain/shipment';
import type { InventoryLevel, InventoryMovement } from '../data/db';
import type { FullShipment } from '../data/shipments';
import type { StockRequestWithItems } from '../data/stock-requests';

function movementPayload(m: InventoryMovement): MovementPayload {
  return { id: m.id, delta: m.delta, reason: m.reason, actorId: m.actorId, correlationId: m.correlationId, note: m.note, shipmentId: m.shipmentId, createdAt: iso(m.createdAt) };
}

export function levelPayload(l: InventoryLevel, movement: InventoryMovement | null, audience: AudiencePayload): LevelPayload {
  return {
    id: l.id,
    storeId: l.storeId,
    productId: l.productId,
    onHand: l.onHand,
    reserved: l.reserved,
    available: availableOf(l),
    lowStockThreshold: l.lowStockThreshold,
    lowStock: isLowStock(l),
    updatedAt: iso(l.updatedAt),
    movement: movement ? movementPayload(movement) : null,
    audience,
  };
}

export function stockRequestPayload(r: StockRequestWithItems, audience: AudiencePayload): StockRequestPayload {
  return {
    id: r.id,
    storeId: r.storeId,
    status: r.status,
    note: r.note,
    rejectionReason: r.rejectionReason,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    items: r.items.map((i) => ({ id: i.id, productId: i.productId, requestedQuantity: i.requestedQuantity, approvedQuantity: i.approvedQuantity })),
    audience,
  };
}

export function shipmentPayload(s: FullShipment, audience: AudiencePayload): ShipmentPayload {
  return {
    id: s.id,
    stockRequestId: s.stockRequestId,
    storeId: s.storeId,
    logisticsOrganizationId: s.logisticsOrganizationId,
    status: s.status,
    exceptionReason: s.exceptionReason,
    deliveredAt: isoOrNull(s.deliveredAt),
    verifiedAt: isoOrNull(s.verifiedAt),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    items: s.items.map((i) => ({ id: i.id, productId: i.productId, quantity: i.quantity, receivedQuantity: i.receivedQuantity })),
    trackingEvents: s.trackingEvents.map((t) => ({ id: t.id, status: t.status, location: t.location, note: t.note, occurredAt: iso(t.occurredAt) })),
    audience,
  };
}

/** Where and for which request an event is written. */
export interface EventContext {
  region: RegionCode;
  correlationId: string;
}

const stamp = (ctx: EventContext, entityId: string, updatedAt: string) => ({ entityId, originRegion: ctx.region, entityUpdatedAt: new Date(updatedAt), correlationId: ctx.correlationId });

export const levelChanged = (ctx: EventContext, p: LevelPayload): OutboxMessage => inventoryLevelEvents.message('changed', { ...stamp(ctx, p.id, p.updatedAt), payload: p });

/** Written once per crossing into low stock (not low before the change, low after). */
export const lowStockCrossed = (ctx: EventContext, p: LevelPayload): OutboxMessage => lowStockEvents.message('crossed', { ...stamp(ctx, p.id, p.updatedAt), payload: p });

export type StockRequestVerb = (typeof stockRequestEvents.verbs)[number];

export const stockRequestEvent = (ctx: EventContext, verb: StockRequestVerb, p: StockRequestPayload): OutboxMessage =>
  stockRequestEvents.message(verb, { ...stamp(ctx, p.id, p.updatedAt), payload: p });

export const shipmentEvent = (ctx: EventContext, verb: 'created' | 'updated', p: ShipmentPayload): OutboxMessage => shipmentEvents.message(verb, { ...stamp(ctx, p.id, p.updatedAt), payload: p });

/** Received quantities that differ from the shipped ones, for admins, the manufacturers and the partner. */
export function discrepancyRecorded(ctx: EventContext, shipment: FullShipment, lines: (ReceivedLine & { difference: number })[], audience: AudiencePayload): OutboxMessage {
  const payload: DiscrepancyPayload = {
    shipmentId: shipment.id,
    stockRequestId: shipment.stockRequestId,
    storeId: shipment.storeId,
    lines: lines.map((l) => ({ shipmentItemId: l.shipmentItemId, productId: l.productId, shipped: l.shipped, received: l.received, difference: l.difference })),
    audience,
  };
  return discrepancyEvents.message('recorded', { ...stamp(ctx, shipment.id, iso(shipment.updatedAt)), payload });
}
