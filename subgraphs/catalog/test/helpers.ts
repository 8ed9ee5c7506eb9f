/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers in tests are loosely typed and checked with expect(). */
/** Shared set-up of the catalog integration tests: an EU subgraph on its own database, callers by role. */
import { randomUUID } from 'node:crypto';
import type { UserViewer } from '@miw/auth';
import type { RunningSubgraph } from '@miw/service-kit';
import { createApp } from '@miw/subgraph-catalog';
import { LIMITS } from '@miw/gateway';
import { accessTokenFor, createTestDatabase, graphql, internalHeaders, startTestSubgraph, type GraphQLResponse, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

export const user = (role: UserViewer['role'], organizationId: string | null = null): UserViewer => ({ kind: 'user', userId: randomUUID(), role, organizationId, region: 'eu', scopes: [] });
export const ADMIN = user('ADMIN');

export interface CatalogHarness {
  db: TestDatabase;
  eu: RunningSubgraph;
  /** Set when started `viaGateway`: then every operation goes through it with a bearer token. */
  gateway?: TestGateway;
  /** Runs an operation against the EU subgraph (or the gateway) as `viewer` (default: an admin). */
  gql<D = Record<string, any>>(query: string, variables?: Record<string, unknown>, viewer?: UserViewer | null): Promise<GraphQLResponse<D>>;
  /** Runs an operation expected to succeed; returns its data. */
  ok<D = Record<string, any>>(query: string, variables?: Record<string, unknown>, viewer?: UserViewer | null): Promise<D>;
  close(): Promise<void>;
}

/** Bearer headers for `viewer` at a gateway (none when anonymous). */
const bearer = async (viewer: UserViewer | null): Promise<Record<string, string>> => (viewer ? { authorization: `Bearer ${await accessTokenFor(viewer)}` } : {});

export async function startCatalog(label: string, opts: { onQuery?: (sql: string) => void; viaGateway?: boolean } = {}): Promise<CatalogHarness> {
  const db = await createTestDatabase(label);
  const eu = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, createApp, ...(opts.onQuery ? { onQuery: opts.onQuery } : {}) });
  // Tests send many requests from one address: lift the edge rate limits, keep the rest.
  const gateway = opts.viaGateway ? await startTestGateway({ catalog: eu.url }, { limits: { ...LIMITS, perIp: 1_000_000, perIdentity: 1_000_000 } }) : undefined;
  const gql = async <D>(query: string, variables?: Record<string, unknown>, viewer: UserViewer | null = ADMIN) =>
    gateway ? graphql<D>(gateway.url, query, variables, await bearer(viewer)) : graphql<D>(eu.url, query, variables, await internalHeaders(viewer));
  return {
    db,
    eu,
    ...(gateway ? { gateway } : {}),
    gql,
    async ok<D>(query: string, variables?: Record<string, unknown>, viewer: UserViewer | null = ADMIN) {
      const res = await gql<D>(query, variables, viewer);
      if (res.errors) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
      return res.data!;
    },
    async close() {
      await gateway?.close();
      await eu.close();
      await db.drop();
    },
  };
}

const PRODUCT_FIELDS = 'id sku name description price { amount currency } attributes images status updatedAt manufacturer { id } category { id }';
const ERRORS = 'errors { code field message }';

/** Every catalog mutation, selecting the changed object and the errors. */
export const M = {
  createProduct: `mutation($input: CreateProductInput!) { createProduct(input: $input) { product { ${PRODUCT_FIELDS} } ${ERRORS} } }`,
  updateProduct: `mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { ${PRODUCT_FIELDS} } ${ERRORS} } }`,
  archiveProduct: `mutation($input: ArchiveProductInput!) { archiveProduct(input: $input) { product { ${PRODUCT_FIELDS} } ${ERRORS} } }`,
  deleteProduct: `mutation($input: DeleteProductInput!) { deleteProduct(input: $input) { product { ${PRODUCT_FIELDS} } ${ERRORS} } }`,
  createManufacturer: `mutation($input: CreateManufacturerInput!) { createManufacturer(input: $input) { manufacturer { id name country organization { id } updatedAt } ${ERRORS} } }`,
  updateManufacturer: `mutation($input: UpdateManufacturerInput!) { updateManufacturer(input: $input) { manufacturer { id name country organization { id } updatedAt } ${ERRORS} } }`,
  deleteManufacturer: `mutation($input: DeleteManufacturerInput!) { deleteManufacturer(input: $input) { manufacturer { id name } ${ERRORS} } }`,
  createCategory: `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { category { id name slug parent { id } updatedAt } ${ERRORS} } }`,
  updateCategory: `mutation($input: UpdateCategoryInput!) { updateCategory(input: $input) { category { id name slug parent { id } updatedAt } ${ERRORS} } }`,
  deleteCategory: `mutation($input: DeleteCategoryInput!) { deleteCategory(input: $input) { category { id slug } ${ERRORS} } }`,
  createStore: `mutation($input: CreateStoreInput!) { createStore(input: $input) { store { id code name region address { line1 city country } location { lat lng } updatedAt } ${ERRORS} } }`,
  updateStore: `mutation($input: UpdateStoreInput!) { updateStore(input: $input) { store { id code name region address { line1 city country } location { lat lng } updatedAt } ${ERRORS} } }`,
  deleteStore: `mutation($input: DeleteStoreInput!) { deleteStore(input: $input) { store { id code } ${ERRORS} } }`,
};

/** The payload of a mutation answer: `{ <object>, errors }`. */
const payloadOf = (data: Record<string, any>) => Object.values(data)[0] as Record<string, any> & { errors: { code: string; field: string; message: string }[] };

/** Runs a mutation of `M` with `input` as `viewer`; returns its payload (throws on GraphQL errors). */
export async function mutate(h: CatalogHarness, name: keyof typeof M, input: Record<string, unknown>, viewer: UserViewer | null = ADMIN) {
  return payloadOf(await h.ok(M[name], { input }, viewer));
}

export const storeInput = (code: string, lat: number, lng: number, region: 'EU' | 'CN' = 'EU') => ({
  code,
  name: `Store ${code}`,
  region,
  address: { line1: '1 Main Street', city: 'City', country: region === 'EU' ? 'DE' : 'CN' },
  location: { lat, lng },
});
