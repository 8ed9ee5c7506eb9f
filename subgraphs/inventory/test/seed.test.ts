/** The development seed: idempotent, and the demo shipment is tracked by Swift 3PL. */
import { createApp } from '@miw/subgraph-inventory';
import { seedInventory } from '@miw/subgraph-inventory/seed';
import type { RunningSubgraph } from '@miw/service-kit';
import { createTestDatabase, graphql, internalHeaders, startTestSubgraph, testTopicPrefix, type TestDatabase } from '@miw/testing';
import { inventory, ORG, organizations } from '../../../scripts/lib/seed-data';
import { SHIPMENT, supplyChain } from '../../../scripts/lib/seed-supply';
import { viewer } from './support';

describe('inventory seed', () => {
  let db: TestDatabase;
  let sg: RunningSubgraph;
  beforeAll(async () => {
    db = await createTestDatabase('invseed');
    sg = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix: testTopicPrefix('invseed') });
  });
  afterAll(async () => {
    await sg?.close();
    await db?.drop();
  });

  it('seeds levels, requests and an in-transit shipment once', async () => {
    expect(await seedInventory(sg.pool, { levels: inventory.eu, organizations, ...supplyChain.eu })).toBeGreaterThan(0);
    expect(await seedInventory(sg.pool, { levels: inventory.eu, organizations, ...supplyChain.eu })).toBe(0);
    const res = await graphql<{ myShipments: { edges: { node: { id: string; status: string; items: { quantity: number }[]; trackingEvents: { status: string }[] } }[] } }>(
      sg.url,
      `{ myShipments { edges { node { id status items { quantity } trackingEvents { status } } } } }`,
      {},
      await internalHeaders(viewer('LOGISTICS', ORG.swiftLogistics)),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.myShipments.edges.map((e) => e.node)).toEqual([
      { id: SHIPMENT.berlinRestock, status: 'IN_TRANSIT', items: [{ quantity: 24 }, { quantity: 20 }], trackingEvents: [{ status: 'PICKED_UP' }, { status: 'IN_TRANSIT' }] },
    ]);
    const { rows } = await sg.pool.query(`SELECT count(*)::int AS n FROM inventory.inventory_movement`);
    expect(rows[0].n).toBe(2);
  });

  it("keeps the seeded shipment's carrier valid: Swift 3PL is a known LOGISTICS organization, a seeded partner is not", async () => {
    const admin = await internalHeaders(viewer('ADMIN'));
    type Payload = { assignShipment: { shipment: { logisticsOrganization: { id: string } } | null; errors: { code: string; field: string }[] } };
    const call = async (logisticsOrganizationId: string) =>
      (
        await graphql<Payload>(
          sg.url,
          `mutation($input: AssignShipmentInput!) { assignShipment(input: $input) { shipment { logisticsOrganization { id } } errors { code field } } }`,
          { input: { shipmentId: SHIPMENT.berlinRestock, logisticsOrganizationId } },
          admin,
        )
      ).data!.assignShipment;
    expect(await call(ORG.swiftLogistics)).toEqual({ shipment: { logisticsOrganization: { id: ORG.swiftLogistics } }, errors: [] });
    const partner = organizations.find((o) => o.kind === 'PARTNER')!;
    expect(await call(partner.id)).toEqual({ shipment: null, errors: [{ code: 'NOT_A_LOGISTICS_ORGANIZATION', field: 'input.logisticsOrganizationId' }] });
  });
});
