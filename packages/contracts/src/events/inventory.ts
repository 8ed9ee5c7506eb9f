/**
 * Inventory events (`inventory.<entity>.v1`): the supply chain of one region. Inventory data is
 * region-locked: each region's inventory writes and reads only its own topics (nothing here is
 * mirrored). Every payload carries its `audience` (who may see it besides the region's admins), so
 * a live consumer decides visibility from the event alone.
 *
 * A payload is the entity's state after the change with exactly the field names the inventory
 * subgraph's object resolvers read (dates as ISO strings): a subscription hands the payload, minus
 * its audience, to them as is.
 */
import { z } from 'zod';
import { defineEvent } from '../contract';
import { timestamp, uuid } from '../fields';

/** Values of the inventory schema's `MovementReason` enum. */
export const MOVEMENT_REASONS = ['RECEIVED', 'SOLD', 'ADJUSTED', 'RESERVED', 'RELEASED', 'DAMAGED'] as const;
/** Values of the inventory schema's `StockRequestStatus` enum. */
export const STOCK_REQUEST_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'ACKNOWLEDGED', 'SHIPPED'] as const;
/** Values of the inventory schema's `ShipmentStatus` enum. */
export const SHIPMENT_STATUSES = ['CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'] as const;

const int = z.number().int();

/** The organizations allowed to see the event besides the region's admins (sorted, distinct). */
const audience = z.object({ organizationIds: z.array(uuid) });

/** The movement that caused a level change. */
const movementPayload = z.object({
  id: uuid,
  delta: int,
  reason: z.enum(MOVEMENT_REASONS),
  actorId: uuid.nullable(),
  correlationId: z.string(),
  note: z.string().nullable(),
  shipmentId: uuid.nullable(),
  createdAt: timestamp,
});

const levelPayload = z.object({
  id: uuid,
  storeId: uuid,
  productId: uuid,
  onHand: int,
  reserved: int,
  available: int,
  lowStockThreshold: int,
  lowStock: z.boolean(),
  updatedAt: timestamp,
  /** The movement of the change; null for a threshold change. */
  movement: movementPayload.nullable(),
  audience,
});

const stockRequestPayload = z.object({
  id: uuid,
  storeId: uuid,
  status: z.enum(STOCK_REQUEST_STATUSES),
  note: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  items: z.array(z.object({ id: uuid, productId: uuid, requestedQuantity: int, approvedQuantity: int.nullable() })),
  audience,
});

const shipmentStatus = z.enum(SHIPMENT_STATUSES);

const shipmentPayload = z.object({
  id: uuid,
  stockRequestId: uuid.nullable(),
  storeId: uuid,
  logisticsOrganizationId: uuid.nullable(),
  status: shipmentStatus,
  exceptionReason: z.string().nullable(),
  deliveredAt: timestamp.nullable(),
  verifiedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  items: z.array(z.object({ id: uuid, productId: uuid, quantity: int, receivedQuantity: int.nullable() })),
  trackingEvents: z.array(z.object({ id: uuid, status: shipmentStatus.nullable(), location: z.string().nullable(), note: z.string().nullable(), occurredAt: timestamp })),
  audience,
});

/** Received quantities that differ from the shipped ones (difference = received - shipped). */
const discrepancyPayload = z.object({
  shipmentId: uuid,
  stockRequestId: uuid.nullable(),
  storeId: uuid,
  lines: z.array(z.object({ shipmentItemId: uuid, productId: uuid, shipped: int, received: int, difference: int })),
  audience,
});

export type AudiencePayload = z.output<typeof audience>;
export type MovementPayload = z.output<typeof movementPayload>;
export type LevelPayload = z.output<typeof levelPayload>;
export type StockRequestPayload = z.output<typeof stockRequestPayload>;
export type ShipmentPayload = z.output<typeof shipmentPayload>;
export type DiscrepancyPayload = z.output<typeof discrepancyPayload>;

export const inventoryLevelEvents = defineEvent({ domain: 'inventory', topic: 'inventory_level', entity: 'InventoryLevel', verbs: ['changed'], payload: levelPayload });
/** Written once per crossing into low stock (not low before the change, low after). */
export const lowStockEvents = defineEvent({ domain: 'inventory', topic: 'low_stock', entity: 'InventoryLevel', verbs: ['crossed'], payload: levelPayload });
export const stockRequestEvents = defineEvent({
  domain: 'inventory',
  topic: 'stock_request',
  entity: 'StockRequest',
  verbs: ['created', 'approved', 'rejected', 'acknowledged', 'shipped'],
  payload: stockRequestPayload,
});
export const shipmentEvents = defineEvent({ domain: 'inventory', topic: 'shipment', entity: 'Shipment', verbs: ['created', 'updated'], payload: shipmentPayload });
/** For admins, the manufacturers and the partner (not the carrier). */
export const discrepancyEvents = defineEvent({ domain: 'inventory', topic: 'discrepancy', entity: 'Shipment', verbs: ['recorded'], payload: discrepancyPayload });

/** Every inventory contract: the topics inventory writes (region-local). */
export const INVENTORY_CONTRACTS = [inventoryLevelEvents, lowStockEvents, stockRequestEvents, shipmentEvents, discrepancyEvents] as const;
