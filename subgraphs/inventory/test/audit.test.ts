/**
 * Admins' supply-chain actions are audited (gateway, real PostgreSQL and Kafka): each writes one
 * `inventory.audit.recorded` message in the outbox of its transaction, with the target's business
 * fields before and after; the same actions by a partner, a manufacturer or a carrier write none.
 */
import type { AuditPayload } from '@miw/contracts';
import { ADJUST, ERRORS, REQUEST, SHIPMENT, startHarness, type Harness } from './support';

const THRESHOLD = `mutation($input: SetLowStockThresholdInput!) { setLowStockThreshold(input: $input) { level { id lowStockThreshold } ${ERRORS} } }`;
const CREATE_REQUEST = `mutation($input: CreateStockRequestInput!) { createStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const APPROVE = `mutation($input: ApproveStockRequestInput!) { approveStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const REJECT = `mutation($input: RejectStockRequestInput!) { rejectStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const ACK = `mutation($input: AcknowledgeStockRequestInput!) { acknowledgeStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const CREATE_SHIPMENT = `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const ASSIGN = `mutation($input: AssignShipmentInput!) { assignShipment(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const TRACK = `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const VERIFY = `mutation($input: VerifyShipmentInput!) { verifyShipment(input: $input) { ${SHIPMENT} ${ERRORS} } }`;

describe('inventory audit entries (gateway, real PostgreSQL and Kafka)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('invaudit');
  });
  afterAll(async () => {
    await h?.close();
  });

  const audits = async (targetId: string) =>
    (
      await h.sg.pool.query<{ topic: string; envelope: { payload: AuditPayload } }>(
        `SELECT topic, envelope FROM inventory.outbox WHERE type = 'inventory.audit.recorded' AND envelope->'payload'->>'targetId' = $1 ORDER BY id`,
        [targetId],
      )
    ).rows.map((r) => ({ topic: r.topic, ...r.envelope.payload }));

  /** Runs a mutation expected to succeed; returns its payload's object. */
  async function ok(who: Parameters<Harness['call']>[0], query: string, input: Record<string, unknown>) {
    const res = await h.call(who, query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data!)[0] as Record<string, unknown> & { errors: unknown[] };
    expect(payload.errors).toEqual([]);
    return payload;
  }

  it('records an admin\'s stock adjustment and threshold with the counters before and after', async () => {
    const { as, store, product } = h.world;
    const level = (await ok(as.admin, ADJUST, { storeId: store.a, productId: product.tea, delta: 20, reason: 'RECEIVED' })).level as { id: string };
    await ok(as.admin, ADJUST, { storeId: store.a, productId: product.tea, delta: -2, reason: 'DAMAGED', note: 'dropped by Sam' });
    await ok(as.admin, THRESHOLD, { storeId: store.a, productId: product.tea, lowStockThreshold: 5 });

    const rows = await audits(level.id);
    expect(rows.map((r) => r.action)).toEqual(['inventory_level.adjust', 'inventory_level.adjust', 'inventory_level.set_low_stock_threshold']);
    expect(rows[0]).toMatchObject({ topic: 'eu.inventory.audit.v1', actorId: as.admin.userId, actorRole: 'ADMIN', targetType: 'InventoryLevel' });
    expect(rows[0]!.before).toMatchObject({ onHand: 0, reserved: 0 });
    expect(rows[0]!.after).toMatchObject({ onHand: 20, movement: { reason: 'RECEIVED', delta: 20 } });
    expect(rows[1]!.before).toMatchObject({ onHand: 20 });
    expect(rows[1]!.after).toMatchObject({ onHand: 18, movement: { reason: 'DAMAGED', delta: -2 } });
    // A free-text note may name people: it stays out of the log.
    expect(JSON.stringify(rows[1])).not.toContain('Sam');
    expect(rows[2]!.before).toMatchObject({ onHand: 18, lowStockThreshold: 0 });
    expect(rows[2]!.after).toMatchObject({ onHand: 18, lowStockThreshold: 5 });
  });

  it('records an admin running a request and its shipment end to end', async () => {
    const { as, store, product, org } = h.world;
    const request = (await ok(as.admin, CREATE_REQUEST, { storeId: store.b, items: [{ productId: product.rice, quantity: 6 }] })).stockRequest as { id: string };
    await ok(as.admin, APPROVE, { id: request.id, items: [{ productId: product.rice, quantity: 5 }] });
    await ok(as.admin, ACK, { id: request.id });
    const shipment = (await ok(as.admin, CREATE_SHIPMENT, { stockRequestId: request.id, logisticsOrganizationId: null })).shipment as { id: string; items: { id: string }[] };
    await ok(as.admin, ASSIGN, { shipmentId: shipment.id, logisticsOrganizationId: org.carrierA });
    await ok(as.admin, TRACK, { shipmentId: shipment.id, idempotencyKey: 'a0', status: 'EXCEPTION', note: 'customs hold' });
    await ok(as.admin, TRACK, { shipmentId: shipment.id, idempotencyKey: 'a1', status: 'DELIVERED', location: '1 Main Street' });
    // The same tracking update again changes nothing, and records nothing.
    await ok(as.admin, TRACK, { shipmentId: shipment.id, idempotencyKey: 'a1', status: 'DELIVERED', location: '1 Main Street' });
    await ok(as.admin, VERIFY, { shipmentId: shipment.id, items: [{ shipmentItemId: shipment.items[0]!.id, receivedQuantity: 5 }] });

    const requestRows = await audits(request.id);
    expect(requestRows.map((r) => [r.action, r.before?.status ?? null, r.after?.status])).toEqual([
      ['stock_request.create', null, 'REQUESTED'],
      ['stock_request.approve', 'REQUESTED', 'APPROVED'],
      ['stock_request.acknowledge', 'APPROVED', 'ACKNOWLEDGED'],
      ['stock_request.ship', 'ACKNOWLEDGED', 'SHIPPED'],
    ]);
    expect(requestRows[1]!.after).toMatchObject({ items: [{ productId: product.rice, requestedQuantity: 6, approvedQuantity: 5 }] });

    const shipmentRows = await audits(shipment.id);
    expect(shipmentRows.map((r) => [r.action, r.before?.status ?? null, r.after?.status])).toEqual([
      ['shipment.create', null, 'CREATED'],
      ['shipment.assign', 'CREATED', 'CREATED'],
      ['shipment.record_tracking_event', 'CREATED', 'EXCEPTION'],
      ['shipment.record_tracking_event', 'EXCEPTION', 'DELIVERED'],
      ['shipment.verify', 'DELIVERED', 'DELIVERED'],
    ]);
    expect(shipmentRows[1]).toMatchObject({ before: { logisticsOrganizationId: null }, after: { logisticsOrganizationId: org.carrierA } });
    expect(shipmentRows[4]).toMatchObject({ before: { verified: false }, after: { verified: true, items: [{ productId: product.rice, quantity: 5, receivedQuantity: 5 }] } });
    expect(JSON.stringify(shipmentRows)).not.toContain('Main Street');
  });

  it('records a rejection with its reason', async () => {
    const { as, store, product } = h.world;
    const request = (await ok(as.partnerA, CREATE_REQUEST, { storeId: store.a, items: [{ productId: product.cups, quantity: 3 }] })).stockRequest as { id: string };
    await ok(as.admin, REJECT, { id: request.id, reason: 'out of season' });
    expect((await audits(request.id)).map((r) => [r.action, r.after?.rejectionReason])).toEqual([['stock_request.reject', 'out of season']]);
  });

  it('records nothing for the same actions by partners, manufacturers and carriers', async () => {
    const { as, store, product, org } = h.world;
    const count = async () => (await h.sg.pool.query<{ n: number }>(`SELECT count(*)::int n FROM inventory.outbox WHERE type = 'inventory.audit.recorded'`)).rows[0]!.n;
    const before = await count();
    await ok(as.partnerA, ADJUST, { storeId: store.a, productId: product.cups, delta: 4, reason: 'RECEIVED' });
    await ok(as.partnerA, THRESHOLD, { storeId: store.a, productId: product.cups, lowStockThreshold: 1 });
    const request = (await ok(as.partnerA, CREATE_REQUEST, { storeId: store.a, items: [{ productId: product.spare, quantity: 2 }] })).stockRequest as { id: string };
    await ok(as.admin, APPROVE, { id: request.id, items: [] });
    const afterApproval = await count();
    expect(afterApproval).toBe(before + 1);
    await ok(as.makerA, ACK, { id: request.id });
    const shipment = (await ok(as.makerA, CREATE_SHIPMENT, { stockRequestId: request.id, logisticsOrganizationId: org.carrierA })).shipment as { id: string; items: { id: string }[] };
    await ok(as.carrierA, TRACK, { shipmentId: shipment.id, idempotencyKey: 'p0', status: 'EXCEPTION', note: 'late' });
    await ok(as.carrierA, TRACK, { shipmentId: shipment.id, idempotencyKey: 'p1', status: 'DELIVERED' });
    await ok(as.partnerA, VERIFY, { shipmentId: shipment.id, items: [{ shipmentItemId: shipment.items[0]!.id, receivedQuantity: 2 }] });
    expect(await count()).toBe(afterApproval);
  });
});
