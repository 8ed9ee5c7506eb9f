/**
 * CN holds a read-only mirror of the catalog: through a CN gateway, every catalog mutation (read
 * from the schema, so new ones are covered without editing this test) answers REGION_READ_ONLY
 * naming the master region and its endpoint, and writes nothing; reads come from the local mirror.
 */
import { randomUUID } from 'node:crypto';
import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, Kind, type GraphQLInputType } from 'graphql';
import type { RunningSubgraph } from '@miw/service-kit';
import { composeApiSchema } from '@miw/gateway';
import { createApp, typeDefs } from '@miw/subgraph-catalog';
import { accessTokenFor, createTestDatabase, graphql, startTestSubgraph, type TestDatabase } from '@miw/testing';
import { startTestGateway, type TestGateway } from '@miw/gateway/testing';

const EU_ENDPOINT = 'https://eu.madeinworld.example/graphql';

/** A value of `type` that passes GraphQL validation. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, sample(f.type)]));
  if (isScalarType(type)) return ({ ID: randomUUID(), Int: 1, Float: 1.5, Boolean: true, JSONObject: { a: 1 } } as Record<string, unknown>)[type.name] ?? 'x';
  throw new Error(`no sample for ${String(type)}`);
}

/** Names of the Mutation fields the catalog subgraph defines. */
const catalogMutations = typeDefs.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation' ? (d.fields ?? []).map((f) => f.name.value) : []));

describe('catalog in CN: a read-only mirror', () => {
  let db: TestDatabase;
  let cn: RunningSubgraph;
  let gateway: TestGateway;

  beforeAll(async () => {
    db = await createTestDatabase('catalogcnro');
    cn = await startTestSubgraph({ domain: 'catalog', databaseUrl: db.url, region: 'cn', createApp, env: { MASTER_REGION_ENDPOINT: EU_ENDPOINT } });
    gateway = await startTestGateway({ catalog: cn.url }, { region: 'cn' });
  });
  afterAll(async () => {
    await gateway?.close();
    await cn?.close();
    await db?.drop();
  });

  it('refuses every catalog mutation with REGION_READ_ONLY, masterRegion and masterEndpoint, writing nothing', async () => {
    expect(catalogMutations.length).toBeGreaterThanOrEqual(13);
    const mutationType = composeApiSchema().getMutationType()!;
    const token = await accessTokenFor({ kind: 'user', userId: randomUUID(), role: 'ADMIN', organizationId: null, region: 'cn', scopes: [] });
    for (const name of catalogMutations) {
      const field = mutationType.getFields()[name]!;
      const args = field.args;
      const query = `mutation(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')}) { ${name}(${args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { __typename } }`;
      const res = await graphql(gateway.url, query, Object.fromEntries(args.map((a) => [a.name, sample(a.type)])), { authorization: `Bearer ${token}` });
      expect({ name, extensions: res.errors?.[0]?.extensions }).toEqual({
        name,
        extensions: expect.objectContaining({ code: 'REGION_READ_ONLY', masterRegion: 'EU', masterEndpoint: EU_ENDPOINT }),
      });
    }
    for (const table of ['product', 'manufacturer', 'category', 'store', 'outbox']) {
      expect((await cn.pool.query(`SELECT count(*)::int n FROM catalog.${table}`)).rows[0].n).toBe(0);
    }
  });

  it('serves reads from the local mirror', async () => {
    const id = randomUUID();
    // As the sync worker would apply it.
    await cn.pool.query(`INSERT INTO catalog.product (id, sku, name, price_amount, currency, origin_region, updated_at, status) VALUES ($1, 'MIRROR-1', 'Mirrored tea', 990, 'CNY', 'eu', now(), 'ACTIVE')`, [id]);
    const res = await graphql<{ products: { totalCount: number; edges: { node: { id: string; name: string } }[] } }>(gateway.url, `{ products(filter: { search: "mirored tea" }) { totalCount edges { node { id name } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.products).toEqual({ totalCount: 1, edges: [{ node: { id, name: 'Mirrored tea' } }] });
  });
});
