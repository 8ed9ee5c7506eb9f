/** What the inventory producers write parses with its contract, as a consumer reads it from Kafka. */
import { discrepancyEvents, inventoryLevelEvents, lowStockEvents, parseEnvelope, shipmentEvents, stockRequestEvents, type OutboxMessage } from '@miw/contracts';
import type { InventoryLevel, InventoryMovement } from '../data/db';
import type { FullShipment } from '../data/shipments';
import type { StockRequestWithItems } from '../data/stock-requests';
import { audienceOf } from '../domain/audience';
import { discrepanciesOf } from '../domain/shipment';
import { discrepancyRecorded, levelChanged, levelPayload, lowStockCrossed, shipmentEvent, shipmentPayload, stockRequestEvent, stockRequestPayload } from './inventory-events';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = new Date('2026-11-21T10:00:00.000Z');
const ctx = { region: 'eu' as const, correlationId: 'producer-test' };
const audience = audienceOf(id(90), id(91));
const received = (message: OutboxMessage) => parseEnvelope(JSON.stringify(message.envelope));

const level: InventoryLevel = { id: id(1), storeId: id(2), productId: id(3), onHand: 4, reserved: 1, lowStockThreshold: 5, createdAt: at, updatedAt: at };
const movement: InventoryMovement = { id: id(4), levelId: id(1), delta: -2, reason: 'SOLD', actorId: id(5), correlationId: 'c', note: null, shipmentId: null, createdAt: at };
const request: StockRequestWithItems = {
  id: id(6),
  storeId: id(2),
  status: 'REJECTED',
  note: null,
  rejectionReason: 'not now',
  requestedById: id(5),
  createdAt: at,
  updatedAt: at,
  items: [{ id: id(7), stockRequestId: id(6), productId: id(3), requestedQuantity: 10, approvedQuantity: null }],
};
const shipment: FullShipment = {
  id: id(8),
  stockRequestId: id(6),
  storeId: id(2),
  logisticsOrganizationId: null,
  status: 'DELIVERED',
  exceptionReason: null,
  deliveredAt: at,
  verifiedAt: at,
  createdAt: at,
  updatedAt: at,
  items: [{ id: id(9), shipmentId: id(8), productId: id(3), quantity: 10, receivedQuantity: 8 }],
  trackingEvents: [{ id: id(10), shipmentId: id(8), idempotencyKey: 'k', status: 'DELIVERED', location: null, note: null, occurredAt: at, actorId: null, createdAt: at }],
};

describe('inventory producers', () => {
  it('write level and low-stock events their contracts read back whole', () => {
    const payload = levelPayload(level, movement, audience);
    expect(payload).toMatchObject({ available: 3, lowStock: true, movement: { reason: 'SOLD', createdAt: at.toISOString() }, audience });
    expect(inventoryLevelEvents.parse(received(levelChanged(ctx, payload))).payload).toEqual(payload);
    expect(lowStockEvents.parse(received(lowStockCrossed(ctx, levelPayload(level, null, audience)))).payload.movement).toBeNull();
  });

  it('write stock request, shipment and discrepancy events their contracts read back whole', () => {
    const r = stockRequestPayload(request, audience);
    expect(stockRequestEvents.parse(received(stockRequestEvent(ctx, 'rejected', r))).payload).toEqual(r);
    const s = shipmentPayload(shipment, audience);
    expect(shipmentEvents.parse(received(shipmentEvent(ctx, 'updated', s))).payload).toEqual(s);
    const lines = discrepanciesOf([{ shipmentItemId: id(9), productId: id(3), shipped: 10, received: 8 }]);
    const message = discrepancyRecorded(ctx, shipment, lines, audience);
    expect(message).toMatchObject({ topic: 'eu.inventory.discrepancy.v1', key: id(8), type: 'inventory.discrepancy.recorded' });
    expect(discrepancyEvents.parse(received(message)).payload).toEqual({ shipmentId: id(8), stockRequestId: id(6), storeId: id(2), lines, audience });
  });
});
