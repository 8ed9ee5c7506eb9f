/**
 * Audit entries of admins' supply-chain actions (`inventoryAuditEvents` of @miw/contracts),
 * written in the transaction of the change. `before`/`after` name the business fields
 * explicitly: counters, states, quantities and the organizations involved; free-text notes and
 * tracking locations stay out (they may name people or addresses).
 */
import { adminAuditMessages, inventoryAuditEvents, type AuditSource, type OutboxMessage } from '@miw/contracts';
import type { LevelCounters } from '../domain/movement';
import type { FullShipment } from '../data/shipments';
import type { StockRequestWithItems } from '../data/stock-requests';

type AuditFields = Record<string, unknown>;

export const levelAuditFields = (l: LevelCounters & { storeId: string; productId: string }): AuditFields => ({
  storeId: l.storeId,
  productId: l.productId,
  onHand: l.onHand,
  reserved: l.reserved,
  lowStockThreshold: l.lowStockThreshold,
});

export const stockRequestAuditFields = (r: StockRequestWithItems): AuditFields => ({
  storeId: r.storeId,
  status: r.status,
  rejectionReason: r.rejectionReason,
  items: r.items.map((i) => ({ productId: i.productId, requestedQuantity: i.requestedQuantity, approvedQuantity: i.approvedQuantity })),
});

export const shipmentAuditFields = (s: FullShipment): AuditFields => ({
  stockRequestId: s.stockRequestId,
  storeId: s.storeId,
  logisticsOrganizationId: s.logisticsOrganizationId,
  status: s.status,
  verified: s.verifiedAt !== null,
  trackingEvents: s.trackingEvents.length,
  items: s.items.map((i) => ({ productId: i.productId, quantity: i.quantity, receivedQuantity: i.receivedQuantity })),
});

type InventoryAuditTarget = 'InventoryLevel' | 'StockRequest' | 'Shipment';

/** The audit message of an admin's action (none for other viewers). */
export function inventoryAudit(source: AuditSource, targetType: InventoryAuditTarget, action: string, targetId: string, before: AuditFields | null, after: AuditFields | null): OutboxMessage[] {
  return adminAuditMessages(inventoryAuditEvents, source, { action, targetType, targetId, before, after });
}
