/**
 * Shipments only go to logistics organizations: the local organization projection, fed by the auth
 * organization events of both regions through real Kafka, and the carrier check of
 * createShipment / assignShipment (gateway, real PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import type { RunningSubgraph } from '@miw/service-kit';
import * as auth from '@miw/subgraph-auth';
import { graphql, internalHeaders, startTestSubgraph, testKeys, waitFor } from '@miw/testing';
import { ERRORS, REQUEST, SHIPMENT, startHarness, type Harness, type OrganizationSnapshot } from './support';
import type { RegionCode } from '@miw/contracts';

const CREATE_REQUEST = `mutation($input: CreateStockRequestInput!) { createStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const APPROVE = `mutation($input: ApproveStockRequestInput!) { approveStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const ACK = `mutation($input: AcknowledgeStockRequestInput!) { acknowledgeStockRequest(input: $input) { ${REQUEST} ${ERRORS} } }`;
const CREATE_SHIPMENT = `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { ${SHIPMENT} ${ERRORS} } }`;
const ASSIGN = `mutation($input: AssignShipmentInput!) { assignShipment(input: $input) { shipment { id logisticsOrganization { id } } ${ERRORS} } }`;

type Row = { kind: string; deleted: boolean; updatedAt: string; lastEventId: string };

describe('organization projection and the carrier check (real PostgreSQL and Kafka)', () => {
  let h: Harness;
  let authSg: RunningSubgraph;
  beforeAll(async () => {
    h = await startHarness('orgs');
    // The real auth subgraph on the same database and topic prefix: its outbox relay publishes `eu.auth.organization.v1`.
    const keys = await testKeys();
    authSg = await startTestSubgraph({ domain: 'auth', databaseUrl: h.db.url, topicPrefix: h.prefix, createApp: (deps) => auth.createApp({ ...deps, keys }) });
  });
  afterAll(async () => {
    await authSg?.close();
    await h?.close();
  });

  const row = async (id: string): Promise<Row | undefined> =>
    (
      await h.sg.pool.query<Row>(
        `SELECT kind::text AS kind, deleted_at IS NOT NULL AS deleted, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", last_event_id::text AS "lastEventId"
           FROM inventory.organization_projection WHERE id = $1`,
        [id],
      )
    ).rows[0];

  /** Publishes `org` and waits until the projection shows exactly that version. */
  async function publishAndWait(region: RegionCode, org: OrganizationSnapshot, verb: 'created' | 'updated' | 'deactivated' = 'created') {
    const eventId = await h.publishOrganization(region, org, verb);
    await waitFor(async () => (await row(org.id))?.lastEventId === eventId, { timeoutMs: 30_000, what: `organization ${org.id} in the projection` });
  }

  /**
   * Waits until every event published on `region`'s topic so far was applied: a fresh marker
   * organization published after them (one partition, so in order) is visible.
   */
  async function drained(region: RegionCode) {
    await publishAndWait(region, { id: randomUUID(), kind: 'PARTNER', updatedAt: new Date().toISOString() });
  }

  /** An acknowledged request of partner A, ready to ship. */
  async function acknowledgedRequest(): Promise<string> {
    const { as, store, product } = h.world;
    const created = await h.call(as.partnerA, CREATE_REQUEST, { input: { storeId: store.a, items: [{ productId: product.tea, quantity: 3 }] } });
    const id = created.data!.createStockRequest.stockRequest.id as string;
    await h.call(as.admin, APPROVE, { input: { id, items: [{ productId: product.tea, quantity: 3 }] } });
    expect((await h.call(as.makerA, ACK, { input: { id } })).data!.acknowledgeStockRequest.errors).toEqual([]);
    return id;
  }

  const refusal = { code: 'NOT_A_LOGISTICS_ORGANIZATION', field: 'input.logisticsOrganizationId' };

  it('refuses to create or assign a shipment to an unknown, PARTNER or deactivated organization, changing nothing', async () => {
    const { as, org } = h.world;
    const deactivated = randomUUID();
    await publishAndWait('eu', { id: deactivated, kind: 'LOGISTICS', updatedAt: new Date(Date.now() - 60_000).toISOString() });
    await publishAndWait('eu', { id: deactivated, kind: 'LOGISTICS', updatedAt: new Date().toISOString(), deletedAt: new Date().toISOString() }, 'deactivated');

    const requestId = await acknowledgedRequest();
    for (const carrier of [randomUUID(), org.partnerA, org.makerA, deactivated]) {
      const res = await h.call(as.makerA, CREATE_SHIPMENT, { input: { stockRequestId: requestId, logisticsOrganizationId: carrier } });
      expect(res.data!.createShipment).toMatchObject({ shipment: null, errors: [expect.objectContaining(refusal)] });
    }
    // Nothing changed: the request is still waiting for its shipment.
    const request = await h.call(as.admin, `query($id: ID!) { stockRequest(id: $id) { status shipments { id } } }`, { id: requestId });
    expect(request.data!.stockRequest).toEqual({ status: 'ACKNOWLEDGED', shipments: [] });

    const created = await h.call(as.makerA, CREATE_SHIPMENT, { input: { stockRequestId: requestId, logisticsOrganizationId: org.carrierA } });
    expect(created.data!.createShipment.errors).toEqual([]);
    const shipmentId = created.data!.createShipment.shipment.id as string;
    for (const carrier of [randomUUID(), org.partnerB, deactivated]) {
      const res = await h.call(as.admin, ASSIGN, { input: { shipmentId, logisticsOrganizationId: carrier } });
      expect(res.data!.assignShipment).toEqual({ shipment: null, errors: [expect.objectContaining(refusal)] });
    }
    const shipment = await h.call(as.admin, `query($id: ID!) { shipment(id: $id) { logisticsOrganization { id } } }`, { id: shipmentId });
    expect(shipment.data!.shipment.logisticsOrganization).toEqual({ id: org.carrierA });
  });

  it("learns an organization from auth's own createOrganization event (outbox relay, real Kafka)", async () => {
    const { as } = h.world;
    const created = await graphql<{ createOrganization: { organization: { id: string } | null; errors: unknown[] } }>(
      authSg.url,
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } errors { code } } }`,
      { input: { name: 'Relay Freight', kind: 'LOGISTICS' } },
      await internalHeaders(as.admin),
    );
    expect(created.data!.createOrganization.errors).toEqual([]);
    const id = created.data!.createOrganization.organization!.id;
    await authSg.drainOutbox();
    await waitFor(async () => (await row(id))?.kind === 'LOGISTICS', { timeoutMs: 30_000, what: 'the auth-created organization in the projection' });
    expect(await row(id)).toMatchObject({ kind: 'LOGISTICS', deleted: false });
    const requestId = await acknowledgedRequest();
    const shipped = await h.call(as.makerA, CREATE_SHIPMENT, { input: { stockRequestId: requestId, logisticsOrganizationId: id } });
    expect(shipped.data!.createShipment).toMatchObject({ shipment: { logisticsOrganization: { id } }, errors: [] });
  });

  it('knows an organization created in CN (an EU inventory consumes both regions’ topics)', async () => {
    const { as, org } = h.world;
    const cnCarrier = randomUUID();
    await publishAndWait('cn', { id: cnCarrier, kind: 'LOGISTICS', updatedAt: new Date().toISOString() });
    const requestId = await acknowledgedRequest();
    const created = await h.call(as.makerA, CREATE_SHIPMENT, { input: { stockRequestId: requestId, logisticsOrganizationId: cnCarrier } });
    expect(created.data!.createShipment).toMatchObject({ shipment: { logisticsOrganization: { id: cnCarrier } }, errors: [] });
    // And back to carrier B, whose creation event was published on the CN topic by the harness.
    const assigned = await h.call(as.admin, ASSIGN, { input: { shipmentId: created.data!.createShipment.shipment.id, logisticsOrganizationId: org.carrierB } });
    expect(assigned.data!.assignShipment).toMatchObject({ shipment: { logisticsOrganization: { id: org.carrierB } }, errors: [] });
  });

  it('converges on the newest version whatever the order and however often events arrive', async () => {
    const id = randomUUID();
    const t1 = '2026-01-01T10:00:00.000Z';
    const t2 = '2026-01-01T11:00:00.000Z';
    const [low, high] = ['00000000-0000-4000-8000-000000000001', 'ffffffff-0000-4000-8000-000000000001'];
    // The newest version (deactivated, from CN) arrives first, then an older one from EU.
    await h.publishOrganization('cn', { id, kind: 'LOGISTICS', updatedAt: t2, deletedAt: t2 }, 'deactivated', high);
    await h.publishOrganization('eu', { id, kind: 'LOGISTICS', updatedAt: t1 }, 'updated', randomUUID());
    await drained('eu');
    await drained('cn');
    expect(await row(id)).toEqual({ kind: 'LOGISTICS', deleted: true, updatedAt: t2, lastEventId: high });

    // Same updatedAt: the larger event id wins (auth's tie-break), so a lower one changes nothing...
    await h.publishOrganization('eu', { id, kind: 'LOGISTICS', updatedAt: t2 }, 'updated', low);
    // ...and replays of the winner are no-ops.
    await h.publishOrganization('cn', { id, kind: 'LOGISTICS', updatedAt: t2, deletedAt: t2 }, 'deactivated', high);
    await h.publishOrganization('cn', { id, kind: 'LOGISTICS', updatedAt: t2, deletedAt: t2 }, 'deactivated', high);
    await drained('eu');
    await drained('cn');
    expect(await row(id)).toEqual({ kind: 'LOGISTICS', deleted: true, updatedAt: t2, lastEventId: high });

    // A newer reactivation wins.
    const t3 = '2026-01-01T12:00:00.000Z';
    const reactivated = await h.publishOrganization('eu', { id, kind: 'LOGISTICS', updatedAt: t3, deletedAt: null }, 'updated');
    await waitFor(async () => (await row(id))?.lastEventId === reactivated, { timeoutMs: 30_000, what: 'the reactivation' });
    expect(await row(id)).toEqual({ kind: 'LOGISTICS', deleted: false, updatedAt: t3, lastEventId: reactivated });
  });

  it('skips unreadable and foreign events without stopping', async () => {
    const producer = h.sg.bus.producer();
    try {
      await producer.send([
        { topic: `${h.prefix}eu.auth.organization.v1`, key: 'x', value: 'not json' },
        { topic: `${h.prefix}eu.auth.organization.v1`, key: 'y', value: JSON.stringify({ hello: 'world' }) },
      ]);
    } finally {
      await producer.disconnect();
    }
    await drained('eu');
  });
});
