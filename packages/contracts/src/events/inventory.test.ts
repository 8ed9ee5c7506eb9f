import { parseEnvelope } from '../envelope';
import { InvalidEventError, type EventContract, type OutboxMessage } from '../contract';
import {
  discrepancyEvents,
  INVENTORY_CONTRACTS,
  inventoryLevelEvents,
  lowStockEvents,
  shipmentEvents,
  stockRequestEvents,
  type DiscrepancyPayload,
  type LevelPayload,
  type ShipmentPayload,
  type StockRequestPayload,
} from './inventory';

const at = new Date('2026-11-21T10:00:00.000Z');
const stamp = at.toISOString();
const ids = {
  level: '0b6a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  store: '4d2e6f80-1b3c-4d5e-8f70-9a1b2c3d4e5f',
  product: '2b1f4a52-9a57-4c1e-8f0e-1f5d8b6c7a10',
  partner: '7c0e5f3e-0a43-4e5b-9d8c-55b0a1f6d2e1',
  maker: '0f4a3c9e-5a8b-4f2c-9d1e-6b7a8c9d0e1f',
  carrier: '9e8d7c6b-5a49-4382-9716-05f4e3d2c1b0',
  request: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  shipment: '6f5e4d3c-2b1a-4098-8f7e-6d5c4b3a2918',
  item: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
};
const audience = { organizationIds: [ids.maker, ids.partner] };

const level: LevelPayload = {
  id: ids.level,
  storeId: ids.store,
  productId: ids.product,
  onHand: 7,
  reserved: 2,
  available: 5,
  lowStockThreshold: 5,
  lowStock: true,
  updatedAt: stamp,
  movement: { id: ids.item, delta: -3, reason: 'SOLD', actorId: null, correlationId: 'c-1', note: null, shipmentId: null, createdAt: stamp },
  audience,
};
const request: StockRequestPayload = {
  id: ids.request,
  storeId: ids.store,
  status: 'APPROVED',
  note: 'before the weekend',
  rejectionReason: null,
  createdAt: stamp,
  updatedAt: stamp,
  items: [{ id: ids.item, productId: ids.product, requestedQuantity: 10, approvedQuantity: 8 }],
  audience,
};
const shipment: ShipmentPayload = {
  id: ids.shipment,
  stockRequestId: ids.request,
  storeId: ids.store,
  logisticsOrganizationId: ids.carrier,
  status: 'DELIVERED',
  exceptionReason: null,
  deliveredAt: stamp,
  verifiedAt: null,
  createdAt: stamp,
  updatedAt: stamp,
  items: [{ id: ids.item, productId: ids.product, quantity: 8, receivedQuantity: null }],
  trackingEvents: [
    { id: ids.level, status: 'PICKED_UP', location: 'Hamburg', note: null, occurredAt: stamp },
    { id: ids.request, status: null, location: null, note: 'late', occurredAt: stamp },
  ],
  audience: { organizationIds: [ids.carrier, ids.maker, ids.partner] },
};
const discrepancy: DiscrepancyPayload = {
  shipmentId: ids.shipment,
  stockRequestId: null,
  storeId: ids.store,
  lines: [{ shipmentItemId: ids.item, productId: ids.product, shipped: 8, received: 6, difference: -2 }],
  audience,
};

/** The message as a consumer reads it: through the outbox's JSON and the envelope check. */
const received = (message: OutboxMessage) => parseEnvelope(JSON.stringify(message.envelope));

const messageOf = (contract: EventContract, verb: string, entityId: string, payload: object) =>
  contract.message(verb, { entityId, originRegion: 'cn', entityUpdatedAt: at, correlationId: 'contract-test', payload });

const cases: [string, EventContract, string[], string, object][] = [
  ['level', inventoryLevelEvents, ['changed'], ids.level, level],
  ['low stock', lowStockEvents, ['crossed'], ids.level, level],
  ['stock request', stockRequestEvents, ['created', 'approved', 'rejected', 'acknowledged', 'shipped'], ids.request, request],
  ['shipment', shipmentEvents, ['created', 'updated'], ids.shipment, shipment],
  ['discrepancy', discrepancyEvents, ['recorded'], ids.shipment, discrepancy],
];

describe('inventory event contracts', () => {
  it('names the five topics and envelope types as before', () => {
    expect(INVENTORY_CONTRACTS.map((c) => c.topic('eu'))).toEqual([
      'eu.inventory.inventory_level.v1',
      'eu.inventory.low_stock.v1',
      'eu.inventory.stock_request.v1',
      'eu.inventory.shipment.v1',
      'eu.inventory.discrepancy.v1',
    ]);
    expect(shipmentEvents.topic('cn', 'test.x.')).toBe('test.x.cn.inventory.shipment.v1');
    expect(inventoryLevelEvents.type('changed')).toBe('inventory.inventory_level.changed');
    expect(lowStockEvents.type('crossed')).toBe('inventory.low_stock.crossed');
    expect(discrepancyEvents.type('recorded')).toBe('inventory.discrepancy.recorded');
    expect(INVENTORY_CONTRACTS.map((c) => c.entity)).toEqual(['InventoryLevel', 'InventoryLevel', 'StockRequest', 'Shipment', 'Shipment']);
  });

  it.each(cases)('a %s message parses with its whole payload, audience included', (_name, contract, verbs, entityId, payload) => {
    for (const verb of verbs) {
      const message = messageOf(contract, verb, entityId, payload);
      expect(message).toMatchObject({ topic: contract.topic('cn'), key: entityId, type: contract.type(verb) });
      expect(contract.parse(received(message)).payload).toEqual(payload);
    }
  });

  it.each(cases)('a %s payload without its audience is refused', (_name, contract, verbs, entityId, payload) => {
    const { audience: _dropped, ...rest } = payload as { audience: unknown };
    expect(() => contract.parse(received(messageOf(contract, verbs[0]!, entityId, rest)))).toThrow(InvalidEventError);
    expect(() => contract.parse(received(messageOf(contract, verbs[0]!, entityId, rest)))).toThrow('audience');
  });

  it('reads a level change without a movement (a threshold change)', () => {
    const threshold = { ...level, movement: null };
    expect(inventoryLevelEvents.parse(received(messageOf(inventoryLevelEvents, 'changed', ids.level, threshold))).payload).toEqual(threshold);
  });

  it('refuses wrong values, a verb of another topic and another entity, and drops unknown keys', () => {
    expect(() => inventoryLevelEvents.parse(received(messageOf(inventoryLevelEvents, 'changed', ids.level, { ...level, onHand: '7' })))).toThrow(/onHand/);
    expect(() => inventoryLevelEvents.parse(received(messageOf(inventoryLevelEvents, 'changed', ids.level, { ...level, movement: { ...level.movement, reason: 'LOST' } })))).toThrow(/movement\.reason/);
    expect(() => stockRequestEvents.parse(received(messageOf(stockRequestEvents, 'created', ids.request, { ...request, status: 'DONE' })))).toThrow(/status/);
    expect(() => shipmentEvents.parse(received(messageOf(shipmentEvents, 'updated', ids.shipment, { ...shipment, audience: { organizationIds: ['org-1'] } })))).toThrow(/audience/);
    expect(() => inventoryLevelEvents.parse(received(messageOf(lowStockEvents, 'crossed', ids.level, level)))).toThrow(/not an event type/);
    expect(() => discrepancyEvents.parse({ ...received(messageOf(discrepancyEvents, 'recorded', ids.shipment, discrepancy)), entity: 'StockRequest' })).toThrow(/entity StockRequest/);
    expect(shipmentEvents.parse(received(messageOf(shipmentEvents, 'updated', ids.shipment, { ...shipment, carrierName: 'x' }))).payload).toEqual(shipment);
  });
});
