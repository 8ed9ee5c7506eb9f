/**
 * The supply chain through the gateway (real PostgreSQL and Kafka): stock request -> approval ->
 * acknowledgement -> shipment -> tracking -> delivery -> verification, with stock, movements and
 * events checked at every step; invalid transitions, idempotent tracking and who sees what.
 */
import { ERRORS, outbox, REQUEST, SHIPMENT, startHarness, type Harness } from './support';

const CREATE_REQUEST = `mutation($input: CreateStockRequestInput!) { createStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const APPROVE = `mutation($input: ApproveStockRequestInput!) { approveStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const REJECT = `mutation($input: RejectStockRequestInput!) { rejectStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const ACK = `mutation($input: AcknowledgeStockRequestInput!) { acknowledgeStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const CREATE_SHIPMENT = `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const TRACK = `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const VERIFY = `mutation($input: VerifyShipmentInput!) { verifyShipment(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const LEVEL = `query($s: ID!, $p: ID!) { inventoryLevel(storeId: $s, productId: $p) { onHand reserved available movements(first: 10) { edges { node { delta reason shipmentId } } } } }`;

describe('supply chain (gateway, real PostgreSQL and Kafka)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('supply');
  });
  afterAll(async () => {
    await h?.close();
  });

  const stock = async (storeId: string, productId: string) => (await h.call(h.world.as.admin, LEVEL, { s: storeId, p: productId })).data!.inventoryLevel;

  /** A request of partner A for tea (10) and cups (4), approved, acknowledged and shipped by carrier A. */
  async function shippedRequest(teaApproved = 8) {
    const { as, store, product, org } = h.world;
    const created = await h.call(as.partnerA, CREATE_REQUEST, { input: { storeId: store.a, items: [{ productId: product.tea, quantity: 10 }, { productId: product.cups, quantity: 4 }] } });
    const id = created.data!.createStockRequest.stockRequest.id as string;
    await h.call(as.admin, APPROVE, { input: { id, items: [{ productId: product.tea, quantity: teaApproved }] } });
    await h.call(as.makerA, ACK, { input: { id } });
    const shipment = (await h.call(as.makerA, CREATE_SHIPMENT, { input: { stockRequestId: id, logisticsOrganizationId: org.carrierA } })).data!.createShipment.shipment;
    return { requestId: id, shipment };
  }

  const track = (shipmentId: string, status: string | null, key: string, extra: Record<string, unknown> = {}, who = h.world.as.carrierA) =>
    h.call(who, TRACK, { input: { shipmentId, idempotencyKey: key, ...(status ? { status } : {}), ...extra } });

  it('runs request -> approval -> shipment -> tracking -> delivery -> verification with stock right at every step', async () => {
    const { as, store, product, org } = h.world;
    expect(await stock(store.a, product.tea)).toBeNull();

    // 1. The partner asks.
    const created = await h.call(as.partnerA, CREATE_REQUEST, {
      input: { storeId: store.a, note: 'for the autumn', items: [{ productId: product.tea, quantity: 10 }, { productId: product.cups, quantity: 4 }] },
    });
    expect(created.errors).toBeUndefined();
    const request = created.data!.createStockRequest.stockRequest;
    expect(request).toMatchObject({ status: 'REQUESTED', note: 'for the autumn', store: { id: store.a } });
    expect(request.items).toHaveLength(2);

    // 2. An admin approves fewer tea; cups in full.
    const approved = await h.call(as.admin, APPROVE, { input: { id: request.id, items: [{ productId: product.tea, quantity: 8 }] } });
    expect(approved.data!.approveStockRequest.errors).toEqual([]);
    const lines = Object.fromEntries(approved.data!.approveStockRequest.stockRequest.items.map((i: { product: { id: string }; approvedQuantity: number }) => [i.product.id, i.approvedQuantity]));
    expect(lines).toEqual({ [product.tea]: 8, [product.cups]: 4 });

    // 3. The manufacturer acknowledges and ships with carrier A.
    const acked = await h.call(as.makerA, ACK, { input: { id: request.id } });
    expect(acked.data!.acknowledgeStockRequest.stockRequest.status).toBe('ACKNOWLEDGED');
    const shipped = await h.call(as.makerA, CREATE_SHIPMENT, { input: { stockRequestId: request.id, logisticsOrganizationId: org.carrierA } });
    expect(shipped.data!.createShipment.errors).toEqual([]);
    const shipment = shipped.data!.createShipment.shipment;
    expect(shipment).toMatchObject({ status: 'CREATED', logisticsOrganization: { id: org.carrierA }, store: { id: store.a }, stockRequest: { id: request.id, status: 'SHIPPED' } });
    expect(Object.fromEntries(shipment.items.map((i: { product: { id: string }; quantity: number }) => [i.product.id, i.quantity]))).toEqual({ [product.tea]: 8, [product.cups]: 4 });
    expect(await stock(store.a, product.tea)).toBeNull();

    // 4. The carrier tracks it, through an exception and back, to delivery; stock does not move on the way.
    for (const [status, key, extra] of [
      ['PICKED_UP', 'k1', { location: 'Hangzhou' }],
      ['IN_TRANSIT', 'k2', {}],
      ['EXCEPTION', 'k3', { note: 'customs hold', location: 'Frankfurt' }],
      ['IN_TRANSIT', 'k4', {}],
      ['OUT_FOR_DELIVERY', 'k5', {}],
    ] as const) {
      const res = await track(shipment.id, status, key, extra);
      expect(res.data!.recordTrackingEvent.errors).toEqual([]);
      expect(res.data!.recordTrackingEvent.shipment.status).toBe(status);
      expect(await stock(store.a, product.tea)).toBeNull();
    }
    const delivered = await track(shipment.id, 'DELIVERED', 'k6', { location: 'Berlin' });
    expect(delivered.data!.recordTrackingEvent.shipment).toMatchObject({ status: 'DELIVERED', exceptionReason: 'customs hold', deliveredAt: expect.any(String) });
    expect(delivered.data!.recordTrackingEvent.shipment.trackingEvents.map((t: { status: string }) => t.status)).toEqual(['PICKED_UP', 'IN_TRANSIT', 'EXCEPTION', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);

    // 5. The partner verifies: one tea short.
    const items = shipment.items as { id: string; product: { id: string }; quantity: number }[];
    const tea = items.find((i) => i.product.id === product.tea)!;
    const cups = items.find((i) => i.product.id === product.cups)!;
    const verified = await h.call(as.partnerA, VERIFY, { input: { shipmentId: shipment.id, items: [{ shipmentItemId: tea.id, receivedQuantity: 7 }, { shipmentItemId: cups.id, receivedQuantity: 4 }] } });
    expect(verified.data!.verifyShipment.errors).toEqual([]);
    const v = verified.data!.verifyShipment.shipment;
    expect(v.verifiedAt).toEqual(expect.any(String));
    expect(Object.fromEntries(v.items.map((i: { product: { id: string }; receivedQuantity: number; discrepancy: number }) => [i.product.id, [i.receivedQuantity, i.discrepancy]]))).toEqual({
      [product.tea]: [7, -1],
      [product.cups]: [4, 0],
    });

    const teaLevel = await stock(store.a, product.tea);
    expect(teaLevel).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(teaLevel.movements.edges.map((e: { node: unknown }) => e.node)).toEqual([{ delta: 7, reason: 'RECEIVED', shipmentId: shipment.id }]);
    expect((await stock(store.a, product.cups)).onHand).toBe(4);

    // Events: request life cycle, shipment snapshots with audiences, one discrepancy.
    expect((await outbox(h, 'inventory.stock_request.created', request.id)).length).toBe(1);
    for (const verb of ['approved', 'acknowledged', 'shipped']) expect(await outbox(h, `inventory.stock_request.${verb}`, request.id)).toHaveLength(1);
    const updates = await outbox(h, 'inventory.shipment.updated', shipment.id);
    expect(updates).toHaveLength(7);
    expect(updates.at(-1)!.payload).toMatchObject({ id: shipment.id, status: 'DELIVERED', storeId: store.a, logisticsOrganizationId: org.carrierA, stockRequestId: request.id });
    expect(updates.at(-1)!.payload.audience.organizationIds.sort()).toEqual([org.carrierA, org.makerA, org.partnerA].sort());
    const discrepancies = await outbox(h, 'inventory.discrepancy.recorded', shipment.id);
    expect(discrepancies).toHaveLength(1);
    expect(discrepancies[0]!.payload).toMatchObject({ shipmentId: shipment.id, storeId: store.a, lines: [{ shipmentItemId: tea.id, productId: product.tea, shipped: 8, received: 7, difference: -1 }] });
    expect(discrepancies[0]!.payload.audience.organizationIds.sort()).toEqual([org.makerA, org.partnerA].sort());

    // The relay publishes them to Kafka.
    await h.sg.drainOutbox();
    const { rows } = await h.sg.pool.query(`SELECT count(*)::int AS n FROM inventory.outbox WHERE published_at IS NULL`);
    expect(rows[0].n).toBe(0);

    // A second verification changes nothing.
    const again = await h.call(as.partnerA, VERIFY, { input: { shipmentId: shipment.id, items: [{ shipmentItemId: tea.id, receivedQuantity: 7 }, { shipmentItemId: cups.id, receivedQuantity: 4 }] } });
    expect(again.data!.verifyShipment.errors[0].code).toBe('ALREADY_VERIFIED');
    expect((await stock(store.a, product.tea)).onHand).toBe(7);
  });

  it('refuses invalid transitions with an error naming the current state, changing nothing', async () => {
    const { as, store, product } = h.world;
    const created = await h.call(as.partnerA, CREATE_REQUEST, { input: { storeId: store.a, items: [{ productId: product.tea, quantity: 3 }] } });
    const id = created.data!.createStockRequest.stockRequest.id;

    const ackEarly = await h.call(as.makerA, ACK, { input: { id } });
    expect(ackEarly.data!.acknowledgeStockRequest).toMatchObject({ stockRequest: null, errors: [{ code: 'INVALID_TRANSITION', currentStatus: 'REQUESTED' }] });
    expect(ackEarly.data!.acknowledgeStockRequest.errors[0].message).toContain('REQUESTED');
    const shipEarly = await h.call(as.admin, CREATE_SHIPMENT, { input: { stockRequestId: id } });
    expect(shipEarly.data!.createShipment.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'REQUESTED' });
    expect(await h.sg.pool.query(`SELECT 1 FROM inventory.shipment WHERE stock_request_id = $1`, [id])).toMatchObject({ rowCount: 0 });

    const rejected = await h.call(as.admin, REJECT, { input: { id, reason: 'out of season' } });
    expect(rejected.data!.rejectStockRequest.stockRequest).toMatchObject({ status: 'REJECTED', rejectionReason: 'out of season' });
    const approveRejected = await h.call(as.admin, APPROVE, { input: { id } });
    expect(approveRejected.data!.approveStockRequest.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'REJECTED' });
    const emptyReason = await h.call(as.admin, REJECT, { input: { id, reason: '  ' } });
    expect(emptyReason.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    const overApproved = await h.call(as.partnerA, CREATE_REQUEST, { input: { storeId: store.a, items: [{ productId: product.cups, quantity: 2 }] } });
    const over = await h.call(as.admin, APPROVE, { input: { id: overApproved.data!.createStockRequest.stockRequest.id, items: [{ productId: product.cups, quantity: 3 }] } });
    expect(over.data!.approveStockRequest.errors[0]).toMatchObject({ code: 'INVALID', field: 'input.items.0.quantity' });

    // Shipments: no skipping ahead, EXCEPTION needs a reason, verification only after delivery.
    const { shipment } = await shippedRequest();
    const skip = await track(shipment.id, 'DELIVERED', 'skip-1');
    expect(skip.data!.recordTrackingEvent.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'CREATED' });
    expect(skip.data!.recordTrackingEvent.errors[0].message).toContain('CREATED');
    const { rows } = await h.sg.pool.query(`SELECT count(*)::int AS n FROM inventory.tracking_event WHERE shipment_id = $1`, [shipment.id]);
    expect(rows[0].n).toBe(0);
    const noReason = await track(shipment.id, 'EXCEPTION', 'exc-1');
    expect(noReason.data!.recordTrackingEvent.errors[0]).toMatchObject({ code: 'INVALID', field: 'input.note' });
    const early = await h.call(as.partnerA, VERIFY, { input: { shipmentId: shipment.id, items: shipment.items.map((i: { id: string }) => ({ shipmentItemId: i.id, receivedQuantity: 1 })) } });
    expect(early.data!.verifyShipment.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'CREATED' });
    const partial = await h.call(as.partnerA, VERIFY, { input: { shipmentId: shipment.id, items: [{ shipmentItemId: shipment.items[0].id, receivedQuantity: 1 }] } });
    expect(partial.data!.verifyShipment.errors[0]).toMatchObject({ code: 'INVALID', field: 'input.items' });
    for (const [i, status] of ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'].entries()) await track(shipment.id, status, `step-${i}`);
    const notYet = await h.call(as.partnerA, VERIFY, { input: { shipmentId: shipment.id, items: shipment.items.map((i: { id: string }) => ({ shipmentItemId: i.id, receivedQuantity: 1 })) } });
    expect(notYet.data!.verifyShipment.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'OUT_FOR_DELIVERY' });
    expect((await h.sg.pool.query(`SELECT count(*)::int AS n FROM inventory.inventory_movement WHERE shipment_id = $1`, [shipment.id])).rows[0].n).toBe(0);
  });

  it('applies a tracking update once, however often (and however concurrently) it is sent', async () => {
    const { shipment } = await shippedRequest();
    const first = await Promise.all([1, 2, 3].map(() => track(shipment.id, 'PICKED_UP', 'scan-0001', { location: 'Hangzhou' })));
    expect(first.map((r) => r.data!.recordTrackingEvent.errors)).toEqual([[], [], []]);
    expect(first.map((r) => r.data!.recordTrackingEvent.shipment.status)).toEqual(['PICKED_UP', 'PICKED_UP', 'PICKED_UP']);
    const replay = await track(shipment.id, 'PICKED_UP', 'scan-0001', { location: 'Hangzhou' });
    expect(replay.data!.recordTrackingEvent).toMatchObject({ errors: [], shipment: { status: 'PICKED_UP', trackingEvents: [{ status: 'PICKED_UP', location: 'Hangzhou' }] } });

    const { rows } = await h.sg.pool.query(`SELECT count(*)::int AS n FROM inventory.tracking_event WHERE shipment_id = $1`, [shipment.id]);
    expect(rows[0].n).toBe(1);
    expect(await outbox(h, 'inventory.shipment.updated', shipment.id)).toHaveLength(1);

    // A note without a status change is a new update with its own key.
    const note = await track(shipment.id, null, 'scan-0002', { note: 'loaded on truck 7' });
    expect(note.data!.recordTrackingEvent.shipment.trackingEvents).toHaveLength(2);
  });

  it('keeps every organization to its own requests and shipments', async () => {
    const { as, store, product, org } = h.world;
    const { requestId, shipment } = await shippedRequest();

    // Partner B cannot ask for partner A's store, see A's requests or verify A's shipments.
    const foreignStore = await h.call(as.partnerB, CREATE_REQUEST, { input: { storeId: store.a, items: [{ productId: product.tea, quantity: 1 }] } });
    expect(foreignStore.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const ownB = await h.call(as.partnerB, CREATE_REQUEST, { input: { storeId: store.b, items: [{ productId: product.rice, quantity: 2 }] } });
    const requestB = ownB.data!.createStockRequest.stockRequest.id;

    const listIds = async (who: typeof as.admin, field: 'stockRequests' | 'shipments' | 'myShipments') =>
      ((await h.call(who, `{ ${field}(first: 100) { edges { node { id } } } }`)).data![field].edges as { node: { id: string } }[]).map((e) => e.node.id);

    expect(await listIds(as.partnerB, 'stockRequests')).toEqual([requestB]);
    expect(await listIds(as.partnerA, 'stockRequests')).toContain(requestId);
    expect(await listIds(as.partnerA, 'stockRequests')).not.toContain(requestB);
    expect(await listIds(as.makerA, 'stockRequests')).not.toContain(requestB);
    expect(await listIds(as.makerB, 'stockRequests')).toEqual([requestB]);
    expect(await listIds(as.admin, 'stockRequests')).toEqual(expect.arrayContaining([requestId, requestB]));

    const one = (who: typeof as.admin, id: string) => h.call(who, `query($id: ID!) { stockRequest(id: $id) { id } }`, { id });
    expect((await one(as.partnerB, requestId)).data!.stockRequest).toBeNull();
    expect((await one(as.makerB, requestId)).data!.stockRequest).toBeNull();
    expect((await one(as.partnerA, requestId)).data!.stockRequest).toEqual({ id: requestId });

    // Manufacturer B cannot acknowledge or ship requests for manufacturer A's products.
    const ackB = await h.call(as.makerA, ACK, { input: { id: requestB } });
    expect(ackB.data!.acknowledgeStockRequest.errors[0].code).toBe('NOT_FOUND');

    // Carriers see only their shipments and track only those.
    expect(await listIds(as.carrierA, 'myShipments')).toContain(shipment.id);
    expect(await listIds(as.carrierB, 'myShipments')).toEqual([]);
    expect(await listIds(as.carrierB, 'shipments')).toEqual([]);
    expect(await listIds(as.partnerB, 'shipments')).toEqual([]);
    expect(await listIds(as.makerB, 'shipments')).toEqual([]);
    expect(await listIds(as.partnerA, 'shipments')).toContain(shipment.id);
    const shipmentOf = (who: typeof as.admin) => h.call(who, `query($id: ID!) { shipment(id: $id) { id status stockRequest { id } } }`, { id: shipment.id });
    expect((await shipmentOf(as.carrierB)).data!.shipment).toBeNull();
    // The carrier sees the shipment but not the partner's request behind it.
    expect((await shipmentOf(as.carrierA)).data!.shipment).toEqual({ id: shipment.id, status: 'CREATED', stockRequest: null });
    expect((await shipmentOf(as.partnerA)).data!.shipment.stockRequest).toEqual({ id: requestId });
    const foreignTrack = await track(shipment.id, 'PICKED_UP', 'b-1', {}, as.carrierB);
    expect(foreignTrack.data!.recordTrackingEvent.errors[0].code).toBe('NOT_FOUND');
    const partnerVerify = await h.call(as.partnerB, VERIFY, { input: { shipmentId: shipment.id, items: [] } });
    expect(partnerVerify.data!.verifyShipment.errors[0].code).toBe('NOT_FOUND');

    // Roles without access are refused by the rule; reassignment is for admins.
    expect((await h.call(as.shopper, `{ shipments { edges { node { id } } } }`)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await h.call(null, `{ stockRequests { edges { node { id } } } }`)).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const assign = await h.call(as.admin, `mutation($input: AssignShipmentInput!) { assignShipment(input: $input) { shipment { logisticsOrganization { id } } ${ERRORS} } }`, {
      input: { shipmentId: shipment.id, logisticsOrganizationId: org.carrierB },
    });
    expect(assign.data!.assignShipment).toEqual({ shipment: { logisticsOrganization: { id: org.carrierB } }, errors: [] });
    expect(await listIds(as.carrierB, 'myShipments')).toEqual([shipment.id]);
    expect(await listIds(as.carrierA, 'myShipments')).not.toContain(shipment.id);
  });

  it('pages stock requests with opaque cursors and filters by status', async () => {
    const { as } = h.world;
    const q = `query($after: String, $status: StockRequestStatus) { stockRequests(first: 2, after: $after, status: $status) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;
    const all = (await h.call(as.admin, `{ stockRequests(first: 100) { edges { node { id } } } }`)).data!.stockRequests.edges.map((e: { node: { id: string } }) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (await h.call(as.admin, q, { after })).data!.stockRequests;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const rejected = (await h.call(as.admin, `{ stockRequests(status: REJECTED) { edges { node { status } } } }`)).data!.stockRequests.edges;
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((e: { node: { status: string } }) => e.node.status === 'REJECTED')).toBe(true);
    expect((await h.call(as.admin, q, { after: 'forged' })).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await h.call(as.admin, `{ stockRequests(first: 101) { edges { node { id } } } }`)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
