/**
 * A small supply-chain world for the inventory integration tests: an inventory subgraph on a
 * fresh database and topic prefix, a gateway in front of it, and catalog facts (stores, products,
 * manufacturers) and organizations fed to its projections through real Kafka, as the catalog and
 * each region's auth would publish them.
 */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RegionCode } from '@miw/contracts';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-inventory';
import { catalogMessage, createTestDatabase, gatewayCaller, organizationMessage, startTestSubgraph, testTopicPrefix, waitFor, type CatalogFacts, type GraphQLResponse, type OrganizationSnapshot, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

export const viewer = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });

/** Organizations, stores and products of the world, and one viewer per actor. */
function makeWorld() {
  const org = { partnerA: randomUUID(), partnerB: randomUUID(), makerA: randomUUID(), makerB: randomUUID(), carrierA: randomUUID(), carrierB: randomUUID() };
  const manufacturer = { a: randomUUID(), b: randomUUID() };
  const store = { a: randomUUID(), b: randomUUID(), cn: randomUUID() };
  const product = { tea: randomUUID(), cups: randomUUID(), rice: randomUUID(), spare: randomUUID() };
  return {
    org,
    manufacturer,
    store,
    product,
    as: {
      admin: viewer('ADMIN'),
      partnerA: viewer('PARTNER', org.partnerA),
      partnerB: viewer('PARTNER', org.partnerB),
      makerA: viewer('MANUFACTURER', org.makerA),
      makerB: viewer('MANUFACTURER', org.makerB),
      carrierA: viewer('LOGISTICS', org.carrierA),
      carrierB: viewer('LOGISTICS', org.carrierB),
      shopper: viewer('CUSTOMER'),
    },
  };
}
type World = ReturnType<typeof makeWorld>;

export { catalogMessage, organizationMessage, type CatalogFacts, type OrganizationSnapshot } from '@miw/testing';

export interface Harness {
  world: World;
  db: TestDatabase;
  sg: RunningSubgraph;
  gateway: TestGateway;
  prefix: string;
  /** Runs an operation through the gateway as `who` (null: anonymous). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked by value (toMatchObject), not by type
  call<D = Record<string, any>>(who: UserViewer | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<D>>;
  /** Publishes catalog snapshots as the EU catalog does. */
  publishCatalog(entity: 'Store' | 'Product' | 'Manufacturer', facts: CatalogFacts): Promise<void>;
  /** Publishes an organization snapshot as `region`'s auth does (`<region>.auth.organization.v1`); returns the event id. */
  publishOrganization(region: RegionCode, org: OrganizationSnapshot, verb?: 'created' | 'updated' | 'deactivated', eventId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(label: string): Promise<Harness> {
  const world = makeWorld();
  const db = await createTestDatabase(label);
  const prefix = testTopicPrefix(label);
  const sg = await startTestSubgraph({ domain: 'inventory', databaseUrl: db.url, createApp, topicPrefix: prefix });
  const gateway = await startTestGateway({ inventory: sg.url });
  const producer = sg.bus.producer();

  const publishCatalog: Harness['publishCatalog'] = async (entity, facts) => {
    await producer.send([catalogMessage(entity, facts, prefix)]);
  };

  const publishOrganization: Harness['publishOrganization'] = async (region, o, verb = 'updated', eventId: string = randomUUID()) => {
    await producer.send([organizationMessage(region, o, prefix, verb, eventId)]);
    return eventId;
  };

  const now = new Date().toISOString();
  const { store, org, product, manufacturer } = world;
  // The world's organizations, as each region's auth publishes them (carrier B was created in CN).
  for (const id of [org.partnerA, org.partnerB]) await publishOrganization('eu', { id, kind: 'PARTNER', updatedAt: now }, 'created');
  for (const id of [org.makerA, org.makerB]) await publishOrganization('eu', { id, kind: 'MANUFACTURER', updatedAt: now }, 'created');
  await publishOrganization('eu', { id: org.carrierA, kind: 'LOGISTICS', updatedAt: now }, 'created');
  await publishOrganization('cn', { id: org.carrierB, kind: 'LOGISTICS', updatedAt: now }, 'created');
  await publishCatalog('Manufacturer', { id: manufacturer.a, organizationId: org.makerA, updatedAt: now });
  await publishCatalog('Manufacturer', { id: manufacturer.b, organizationId: org.makerB, updatedAt: now });
  for (const id of [product.tea, product.cups, product.spare]) await publishCatalog('Product', { id, manufacturerId: manufacturer.a, updatedAt: now });
  await publishCatalog('Product', { id: product.rice, manufacturerId: manufacturer.b, updatedAt: now });
  await publishCatalog('Store', { id: store.a, region: 'eu', partnerOrganizationId: org.partnerA, updatedAt: now });
  await publishCatalog('Store', { id: store.b, region: 'eu', partnerOrganizationId: org.partnerB, updatedAt: now });
  await publishCatalog('Store', { id: store.cn, region: 'cn', partnerOrganizationId: org.partnerA, updatedAt: now });
  await waitFor(
    async () => {
      const { rows } = await sg.pool.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM inventory.catalog_store) + (SELECT count(*) FROM inventory.catalog_product) + (SELECT count(*) FROM inventory.catalog_manufacturer)
              + (SELECT count(*) FROM inventory.organization_projection) AS n`,
      );
      return Number(rows[0]!.n) === 15;
    },
    { timeoutMs: 45_000, what: 'the catalog and organization projections to receive the seeded facts' },
  );

  return {
    world,
    db,
    sg,
    gateway,
    prefix,
    publishCatalog,
    publishOrganization,
    call: gatewayCaller(() => gateway.url),
    async close() {
      await producer.disconnect().catch(() => undefined);
      await gateway.close();
      await sg.close();
      await db.drop();
    },
  };
}

/** Outbox rows of the inventory schema, oldest first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are checked by value
export async function outbox(h: Harness, type: string, entityId?: string): Promise<{ type: string; payload: any }[]> {
  const { rows } = await h.sg.pool.query<{ type: string; envelope: { payload: unknown } }>(
    `SELECT type, envelope FROM inventory.outbox WHERE type = $1 AND ($2::text IS NULL OR key = $2) ORDER BY id`,
    [type, entityId ?? null],
  );
  return rows.map((r) => ({ type: r.type, payload: r.envelope.payload }));
}

export const ERRORS = 'errors { code field message currentStatus }';
const LEVEL = 'level { id onHand reserved available lowStock lowStockThreshold store { id } product { id } }';
const MOVEMENT = 'movement { id delta reason actorId correlationId note }';
export const REQUEST = `stockRequest { id status note rejectionReason store { id } items { product { id } requestedQuantity approvedQuantity } }`;
export const SHIPMENT = `shipment { id status exceptionReason verifiedAt deliveredAt logisticsOrganization { id } store { id } stockRequest { id status }
  items { id product { id } quantity receivedQuantity discrepancy } trackingEvents { status location note } }`;

export const ADJUST = `mutation($input: AdjustInventoryInput!) { adjustInventory(input: $input) { ${LEVEL} ${MOVEMENT} ${ERRORS} } }`;
