/**
 * Source events of the notification tests, built through the contracts of @miw/contracts and
 * produced on the test's topic prefix as the relays of auth, inventory and orders would send them.
 */
import { randomUUID } from 'node:crypto';
import type { EventProducer, OutgoingMessage } from '@miw/events';
import {
  discrepancyEvents,
  lowStockEvents,
  orderEvents,
  shipmentEvents,
  stockRequestEvents,
  userEvents,
  type DiscrepancyPayload,
  type LevelPayload,
  type Locale,
  type OrderPayload,
  type OutboxMessage,
  type RegionCode,
  type ShipmentPayload,
  type StockRequestPayload,
} from '@miw/contracts';

export const kafkaMessage = (message: OutboxMessage, prefix: string): OutgoingMessage => ({ topic: `${prefix}${message.topic}`, key: message.key, value: JSON.stringify(message.envelope) });

let clock = Date.parse('2026-12-07T08:00:00.000Z');
/** A later instant at each call (snapshots must move forward). */
export const tick = (): string => new Date((clock += 1_000)).toISOString();

export interface TestUser {
  id: string;
  email: string;
  role: 'ADMIN' | 'MANUFACTURER' | 'LOGISTICS' | 'PARTNER' | 'CUSTOMER';
  organizationId: string | null;
  homeRegion: RegionCode;
  locale?: Locale;
}

export const newUser = (role: TestUser['role'], organizationId: string | null = null, extra: Partial<TestUser> = {}): TestUser => {
  const id = randomUUID();
  return { id, email: `${role.toLowerCase()}-${id.slice(0, 8)}@example.com`, role, organizationId, homeRegion: 'eu', ...extra };
};

/** `region`'s auth publishing a user write (deactivated: the user is gone). */
export function userSnapshot(region: RegionCode, u: TestUser, prefix: string, verb: 'updated' | 'deactivated' = 'updated'): OutgoingMessage {
  const eventId = randomUUID();
  const updatedAt = tick();
  return kafkaMessage(
    userEvents.message(verb, {
      eventId,
      entityId: u.id,
      originRegion: region,
      entityUpdatedAt: new Date(updatedAt),
      correlationId: 'test-auth',
      payload: { ...u, name: u.email.split('@')[0]!, originRegion: region, createdAt: updatedAt, updatedAt, deletedAt: verb === 'deactivated' ? updatedAt : null, lastEventId: eventId, phone: null },
    }),
    prefix,
  );
}

const stamp = (id: string, updatedAt: string) => ({ entityId: id, originRegion: 'eu' as const, entityUpdatedAt: new Date(updatedAt), correlationId: 'test-source' });

export function stockRequest(verb: 'created' | 'approved' | 'rejected' | 'acknowledged' | 'shipped', p: Partial<StockRequestPayload> & { id: string; storeId: string; organizationIds: string[] }, prefix: string): OutgoingMessage {
  const updatedAt = tick();
  const { organizationIds, ...rest } = p;
  const payload: StockRequestPayload = {
    status: 'REQUESTED',
    note: null,
    rejectionReason: null,
    createdAt: updatedAt,
    updatedAt,
    items: [{ id: randomUUID(), productId: randomUUID(), requestedQuantity: 10, approvedQuantity: null }],
    audience: { organizationIds },
    ...rest,
  };
  return kafkaMessage(stockRequestEvents.message(verb, { ...stamp(p.id, updatedAt), payload }), prefix);
}

export function shipment(verb: 'created' | 'updated', p: Partial<ShipmentPayload> & { id: string; storeId: string; organizationIds: string[] }, prefix: string): OutgoingMessage {
  const updatedAt = tick();
  const { organizationIds, ...rest } = p;
  const payload: ShipmentPayload = {
    stockRequestId: null,
    logisticsOrganizationId: null,
    status: 'CREATED',
    exceptionReason: null,
    deliveredAt: null,
    verifiedAt: null,
    createdAt: updatedAt,
    updatedAt,
    items: [{ id: randomUUID(), productId: randomUUID(), quantity: 12, receivedQuantity: null }],
    trackingEvents: [],
    audience: { organizationIds },
    ...rest,
  };
  return kafkaMessage(shipmentEvents.message(verb, { ...stamp(p.id, updatedAt), payload }), prefix);
}

export function discrepancy(p: { shipmentId: string; storeId: string; organizationIds: string[] }, prefix: string): OutgoingMessage {
  const payload: DiscrepancyPayload = {
    shipmentId: p.shipmentId,
    stockRequestId: null,
    storeId: p.storeId,
    lines: [{ shipmentItemId: randomUUID(), productId: randomUUID(), shipped: 12, received: 9, difference: -3 }],
    audience: { organizationIds: p.organizationIds },
  };
  return kafkaMessage(discrepancyEvents.message('recorded', { ...stamp(p.shipmentId, tick()), payload }), prefix);
}

export function lowStockCrossed(p: { storeId: string; organizationIds: string[] }, prefix: string): OutgoingMessage {
  const updatedAt = tick();
  const payload: LevelPayload = {
    id: randomUUID(),
    storeId: p.storeId,
    productId: randomUUID(),
    onHand: 2,
    reserved: 0,
    available: 2,
    lowStockThreshold: 5,
    lowStock: true,
    updatedAt,
    movement: null,
    audience: { organizationIds: p.organizationIds },
  };
  return kafkaMessage(lowStockEvents.message('crossed', { ...stamp(payload.id, updatedAt), payload }), prefix);
}

type OrderVerb = Parameters<typeof orderEvents.type>[0];

export function order(verb: OrderVerb, p: { id: string; shopperId: string; storeId: string; organizationIds: string[]; status: OrderPayload['status']; previousStatus: OrderPayload['previousStatus'] }, prefix: string): OutgoingMessage {
  const updatedAt = tick();
  const payload: OrderPayload = {
    id: p.id,
    userId: p.shopperId,
    customerEmail: 'shopper@example.com',
    storeId: p.storeId,
    status: p.status,
    previousStatus: p.previousStatus,
    cancelReason: p.status === 'CANCELLED' ? 'SHOPPER' : null,
    totalAmount: 2598,
    currency: 'EUR',
    paymentProvider: 'manual',
    paymentStatus: 'AUTHORIZED',
    shippingAddress: { line1: 'Secret St 1' },
    lines: [{ productId: randomUUID(), sku: 'TEA-1', name: 'Longjing', quantity: 2, unitPriceAmount: 1299, manufacturerOrganizationId: null }],
    expiresAt: null,
    placedAt: updatedAt,
    createdAt: updatedAt,
    updatedAt,
    audience: { userIds: [p.shopperId], organizationIds: p.organizationIds },
  };
  return kafkaMessage(orderEvents.message(verb, { ...stamp(p.id, updatedAt), payload }), prefix);
}

/** The event id of a message built here. */
export const eventIdOf = (message: OutgoingMessage): string => (JSON.parse(String(message.value)) as { eventId: string }).eventId;

export const send = (producer: EventProducer, ...messages: OutgoingMessage[]): Promise<void> => producer.send(messages);
