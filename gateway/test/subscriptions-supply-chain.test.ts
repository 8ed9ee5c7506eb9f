/**
 * Shipment and stock-request subscriptions through the gateway, driven by the supply-chain
 * mutations themselves (outbox -> Kafka -> live source): the payload selects catalog fields
 * (`items { quantity product { name sku } }`), and no organization ever receives another's event.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import { accessTokenFor, graphql, waitFor } from '@miw/testing';
import { startStack, type Stack } from './support/stack';
import { connect, nexts, run, subscribe, type Socket } from './support/ws';

const viewer = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });

const SHIPMENT_UPDATED = `subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { id status items { quantity product { name sku } } trackingEvents { location } } }`;
const MY_SHIPMENTS = `subscription { myShipmentsUpdated { id status logisticsOrganization { id } } }`;
const REQUEST_UPDATED = `subscription($id: ID!) { stockRequestUpdated(id: $id) { id status items { approvedQuantity product { sku } } } }`;

interface Next<T> {
  data?: T;
  errors?: { extensions?: { code?: string } }[];
}

describe('shipment and stock-request subscriptions', () => {
  let stack: Stack;
  const sockets: Socket[] = [];
  const org = { partner: randomUUID(), stranger: randomUUID(), maker: randomUUID(), carrier: randomUUID(), otherCarrier: randomUUID() };
  const as = {
    admin: viewer('ADMIN'),
    partner: viewer('PARTNER', org.partner),
    stranger: viewer('PARTNER', org.stranger),
    maker: viewer('MANUFACTURER', org.maker),
    carrier: viewer('LOGISTICS', org.carrier),
    otherCarrier: viewer('LOGISTICS', org.otherCarrier),
    shopper: viewer('CUSTOMER'),
  };
  const manufacturer = randomUUID();
  const store = randomUUID();
  const strangerStore = randomUUID();
  const tea = randomUUID();

  const call = async (who: UserViewer, query: string, variables: Record<string, unknown>) => {
    const res = await graphql<Record<string, { errors?: unknown[] } & Record<string, { id: string }>>>(stack.gateways[0]!.url, query, variables, { authorization: `Bearer ${await accessTokenFor(who)}` });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data!)[0]!;
    expect(payload.errors).toEqual([]);
    return payload;
  };
  const socketOf = async (who: UserViewer) => {
    const socket = await connect(stack.gateways[0]!.url, { authorization: `Bearer ${await accessTokenFor(who)}` });
    sockets.push(socket);
    return socket;
  };
  /** Subscribes and waits until the inventory subgraph serves one more stream. */
  const live = async (socket: Socket, query: string, variables?: Record<string, unknown>) => {
    const before = stack.listening();
    const id = await subscribe(socket, query, variables);
    await waitFor(() => stack.listening() > before, { what: 'the upstream subscription' });
    return id;
  };

  const requestId = async () => {
    const created = await call(as.partner, `mutation($input: CreateStockRequestInput!) { createStockRequest(input: $input) { stockRequest { id } errors { code } } }`, { input: { storeId: store, items: [{ productId: tea, quantity: 6 }] } });
    return created.stockRequest!.id;
  };

  beforeAll(async () => {
    stack = await startStack('subschain');
    await stack.seedCatalog({
      manufacturers: [{ id: manufacturer, organizationId: org.maker }],
      products: [{ id: tea, sku: 'TEA-LJ', name: 'Longjing', manufacturerId: manufacturer }],
      stores: [
        { id: store, code: 'BER-9', partnerOrganizationId: org.partner },
        { id: strangerStore, code: 'PAR-9', partnerOrganizationId: org.stranger },
      ],
    });
    // Shipments go only to organizations the inventory knows as LOGISTICS (auth events).
    await stack.seedOrganizations([
      { id: org.carrier, kind: 'LOGISTICS' },
      { id: org.otherCarrier, kind: 'LOGISTICS' },
    ]);
  });
  afterAll(async () => {
    for (const s of sockets) s.ws.terminate();
    await stack?.close();
  });

  it('stockRequestUpdated: the partner and the maker follow a request; a stranger gets NOT_FOUND', async () => {
    const id = await requestId();
    const partner = await socketOf(as.partner);
    const maker = await socketOf(as.maker);
    const stranger = await socketOf(as.stranger);
    const refused = (await run(stranger, REQUEST_UPDATED, { id })) as { payload: Next<unknown> };
    expect(refused.payload.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ids = { partner: await live(partner, REQUEST_UPDATED, { id }), maker: await live(maker, REQUEST_UPDATED, { id }) };
    await call(as.admin, `mutation($input: ApproveStockRequestInput!) { approveStockRequest(input: $input) { errors { code } } }`, { input: { id, items: [{ productId: tea, quantity: 5 }] } });
    await call(as.maker, `mutation($input: AcknowledgeStockRequestInput!) { acknowledgeStockRequest(input: $input) { errors { code } } }`, { input: { id } });
    type R = Next<{ stockRequestUpdated: { id: string; status: string; items: { approvedQuantity: number; product: { sku: string } }[] } }>;
    for (const [socket, sid] of [[partner, ids.partner], [maker, ids.maker]] as const) {
      await waitFor(() => nexts<R>(socket, sid).length >= 2, { what: 'approval and acknowledgement' });
      expect(nexts<R>(socket, sid).map((e) => e.data!.stockRequestUpdated.status)).toEqual(['APPROVED', 'ACKNOWLEDGED']);
      expect(nexts<R>(socket, sid)[0]!.data!.stockRequestUpdated.items).toEqual([{ approvedQuantity: 5, product: { sku: 'TEA-LJ' } }]);
    }
  });

  it('shipmentUpdated and myShipmentsUpdated: catalog fields in the payload, each organization its own shipments only', async () => {
    const id = await requestId();
    await call(as.admin, `mutation($input: ApproveStockRequestInput!) { approveStockRequest(input: $input) { errors { code } } }`, { input: { id } });
    await call(as.maker, `mutation($input: AcknowledgeStockRequestInput!) { acknowledgeStockRequest(input: $input) { errors { code } } }`, { input: { id } });

    const carrier = await socketOf(as.carrier);
    const otherCarrier = await socketOf(as.otherCarrier);
    const mine = { carrier: await live(carrier, MY_SHIPMENTS), other: await live(otherCarrier, MY_SHIPMENTS) };
    const shipment = (await call(as.maker, `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { shipment { id } errors { code } } }`, { input: { stockRequestId: id, logisticsOrganizationId: org.carrier } })).shipment!;

    const partner = await socketOf(as.partner);
    const stranger = await socketOf(as.stranger);
    const shopper = await socketOf(as.shopper);
    expect(((await run(stranger, SHIPMENT_UPDATED, { id: shipment.id })) as { payload: Next<unknown> }).payload.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(((await run(shopper, SHIPMENT_UPDATED, { id: shipment.id })) as { payload: Next<unknown> }).payload.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const watch = await live(partner, SHIPMENT_UPDATED, { id: shipment.id });

    const track = (status: string, location: string) =>
      call(as.carrier, `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { errors { code } } }`, { input: { shipmentId: shipment.id, idempotencyKey: randomUUID(), status, location } });
    await track('PICKED_UP', 'Hangzhou');
    await track('IN_TRANSIT', 'Frankfurt');

    type S = Next<{ shipmentUpdated: { id: string; status: string; items: { quantity: number; product: { name: string; sku: string } }[]; trackingEvents: { location: string }[] } }>;
    await waitFor(() => nexts<S>(partner, watch).length >= 2, { what: 'two shipment updates' });
    const updates = nexts<S>(partner, watch).map((e) => e.data!.shipmentUpdated);
    expect(updates.map((u) => u.status)).toEqual(['PICKED_UP', 'IN_TRANSIT']);
    expect(updates[1]).toEqual({ id: shipment.id, status: 'IN_TRANSIT', items: [{ quantity: 6, product: { name: 'Longjing', sku: 'TEA-LJ' } }], trackingEvents: [{ location: 'Hangzhou' }, { location: 'Frankfurt' }] });

    // The carrier sees its shipment created and moving; the other carrier sees none of it.
    type M = Next<{ myShipmentsUpdated: { id: string; status: string; logisticsOrganization: { id: string } } }>;
    await waitFor(() => nexts<M>(carrier, mine.carrier).length >= 3, { what: "the carrier's shipment events" });
    expect(nexts<M>(carrier, mine.carrier).map((e) => e.data!.myShipmentsUpdated.status)).toEqual(['CREATED', 'PICKED_UP', 'IN_TRANSIT']);
    // Reassigning the shipment to the other carrier: from then on it is theirs (first event they get).
    await call(as.admin, `mutation($input: AssignShipmentInput!) { assignShipment(input: $input) { errors { code } } }`, { input: { shipmentId: shipment.id, logisticsOrganizationId: org.otherCarrier } });
    await waitFor(() => nexts<M>(otherCarrier, mine.other).length >= 1, { what: 'the reassigned shipment at the other carrier' });
    expect(nexts<M>(otherCarrier, mine.other).map((e) => e.data!.myShipmentsUpdated.logisticsOrganization.id)).toEqual([org.otherCarrier]);
    expect(nexts<M>(carrier, mine.carrier).every((e) => e.data!.myShipmentsUpdated.logisticsOrganization.id === org.carrier)).toBe(true);
  });
});
