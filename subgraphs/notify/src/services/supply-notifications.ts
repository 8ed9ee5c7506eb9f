/**
 * Notifications of the region's supply chain (inventory events), each decided from the event and
 * notify's projections, written in the transaction of the consumer's inbox row:
 * - stock requests (created, approved, rejected, acknowledged): the region's admins, the partner
 *   of the store and the manufacturers of the products (the PARTNER and MANUFACTURER
 *   organizations of the event's audience);
 * - shipments: the 3PL carrying it and the partner of the destination store, when a carrier is
 *   assigned, the status changes, or an exception is reported;
 * - discrepancies: the admins, the manufacturers and the 3PL (the event's audience has no carrier:
 *   notify remembers each shipment's carrier from its shipment events);
 * - low stock: the partner of the store at once (the admins' and manufacturers' digest is separate).
 */
import type { PoolClient } from 'pg';
import type { DiscrepancyPayload, EventEnvelope, LevelPayload, RegionCode, ShipmentPayload, StockRequestPayload } from '@miw/contracts';
import { lockShipmentState, saveShipmentState, carrierOfShipment } from '../data/projections';
import {
  lowStock,
  shipmentAssigned,
  shipmentDiscrepancy,
  shipmentException,
  shipmentStatusChanged,
  stockRequestAcknowledged,
  stockRequestApproved,
  stockRequestCreated,
  stockRequestRejected,
  type ShipmentFacts,
  type StockRequestFacts,
  type Text,
} from '../domain/messages';
import { shipmentNotifications, stockRequestNotification, verbOf, type ShipmentNotificationType, type StockRequestNotificationType } from '../domain/triggers';
import type { Locale } from '@miw/contracts';
import { dispatchNotifications } from './dispatch';
import { organizationMembers, regionAdmins } from './recipients';

const STOCK_REQUEST_TEXT: Record<StockRequestNotificationType, (f: StockRequestFacts, locale: Locale) => Text> = {
  STOCK_REQUEST_CREATED: stockRequestCreated,
  STOCK_REQUEST_APPROVED: stockRequestApproved,
  STOCK_REQUEST_REJECTED: stockRequestRejected,
  STOCK_REQUEST_ACKNOWLEDGED: stockRequestAcknowledged,
};

export async function notifyStockRequest(client: PoolClient, region: RegionCode, event: EventEnvelope<StockRequestPayload>): Promise<number> {
  const type = stockRequestNotification(verbOf(event.type));
  if (!type) return 0;
  const r = event.payload;
  const approved = type !== 'STOCK_REQUEST_CREATED';
  const facts: StockRequestFacts = {
    requestId: r.id,
    lines: r.items.length,
    units: r.items.reduce((sum, i) => sum + (approved ? (i.approvedQuantity ?? i.requestedQuantity) : i.requestedQuantity), 0),
    reason: r.rejectionReason,
  };
  const recipients = [...(await regionAdmins(client, region)), ...(await organizationMembers(client, r.audience.organizationIds, ['PARTNER', 'MANUFACTURER']))];
  return dispatchNotifications(client, region, recipients, {
    type,
    link: { entity: 'STOCK_REQUEST', id: r.id },
    data: { stockRequestId: r.id, storeId: r.storeId, status: r.status },
    sourceEventId: event.eventId,
    correlationId: event.correlationId,
    message: (locale) => STOCK_REQUEST_TEXT[type](facts, locale),
  });
}

const SHIPMENT_TEXT: Record<ShipmentNotificationType, (f: ShipmentFacts, locale: Locale) => Text> = {
  SHIPMENT_ASSIGNED: shipmentAssigned,
  SHIPMENT_STATUS_CHANGED: shipmentStatusChanged,
  SHIPMENT_EXCEPTION: shipmentException,
};

export async function notifyShipment(client: PoolClient, region: RegionCode, event: EventEnvelope<ShipmentPayload>): Promise<number> {
  const s = event.payload;
  const previous = await lockShipmentState(client, s.id);
  // An event older than what notify already saw (a late redelivery across a rebalance) changes nothing.
  if (previous && previous.updatedAt.getTime() > Date.parse(s.updatedAt)) return 0;
  const verb = verbOf(event.type) === 'created' ? 'created' : 'updated';
  const types = shipmentNotifications(verb, previous, { logisticsOrganizationId: s.logisticsOrganizationId, status: s.status });
  await saveShipmentState(client, s.id, { logisticsOrganizationId: s.logisticsOrganizationId, status: s.status, updatedAt: s.updatedAt });
  if (types.length === 0) return 0;
  const carrier = s.logisticsOrganizationId ? await organizationMembers(client, [s.logisticsOrganizationId]) : [];
  const recipients = [...carrier, ...(await organizationMembers(client, s.audience.organizationIds, ['PARTNER']))];
  const facts: ShipmentFacts = { shipmentId: s.id, status: s.status, reason: s.exceptionReason, units: s.items.reduce((sum, i) => sum + i.quantity, 0) };
  let written = 0;
  for (const type of types) {
    written += await dispatchNotifications(client, region, recipients, {
      type,
      link: { entity: 'SHIPMENT', id: s.id },
      data: { shipmentId: s.id, storeId: s.storeId, status: s.status, stockRequestId: s.stockRequestId },
      sourceEventId: event.eventId,
      correlationId: event.correlationId,
      message: (locale) => SHIPMENT_TEXT[type](facts, locale),
    });
  }
  return written;
}

export async function notifyDiscrepancy(client: PoolClient, region: RegionCode, event: EventEnvelope<DiscrepancyPayload>): Promise<number> {
  const d = event.payload;
  const carrierId = await carrierOfShipment(client, d.shipmentId);
  const recipients = [
    ...(await regionAdmins(client, region)),
    ...(await organizationMembers(client, d.audience.organizationIds, ['MANUFACTURER'])),
    ...(carrierId ? await organizationMembers(client, [carrierId]) : []),
  ];
  const facts = {
    shipmentId: d.shipmentId,
    lines: d.lines.length,
    missing: d.lines.reduce((sum, l) => sum + Math.max(0, -l.difference), 0),
    extra: d.lines.reduce((sum, l) => sum + Math.max(0, l.difference), 0),
  };
  return dispatchNotifications(client, region, recipients, {
    type: 'SHIPMENT_DISCREPANCY',
    link: { entity: 'SHIPMENT', id: d.shipmentId },
    data: { shipmentId: d.shipmentId, storeId: d.storeId, stockRequestId: d.stockRequestId, lines: d.lines.map((l) => ({ productId: l.productId, shipped: l.shipped, received: l.received })) },
    sourceEventId: event.eventId,
    correlationId: event.correlationId,
    message: (locale) => shipmentDiscrepancy(facts, locale),
  });
}

export async function notifyLowStock(client: PoolClient, region: RegionCode, event: EventEnvelope<LevelPayload>): Promise<number> {
  const l = event.payload;
  const recipients = await organizationMembers(client, l.audience.organizationIds, ['PARTNER']);
  const facts = { productId: l.productId, storeId: l.storeId, available: l.available, threshold: l.lowStockThreshold };
  return dispatchNotifications(client, region, recipients, {
    type: 'LOW_STOCK',
    link: { entity: 'INVENTORY_LEVEL', id: l.id },
    data: { levelId: l.id, storeId: l.storeId, productId: l.productId, available: l.available, threshold: l.lowStockThreshold },
    sourceEventId: event.eventId,
    correlationId: event.correlationId,
    message: (locale) => lowStock(facts, locale),
  });
}
