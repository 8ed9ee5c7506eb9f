/**
 * Pins what the subscription engine relies on in @apollo/query-planner and
 * @apollo/federation-internals (no strong semver promise): the versions match the gateway's,
 * a subscription plans as `Subscription { primary: Fetch(owner), rest: entity fetches }`, and
 * `executeQueryPlan` still runs a Sequence whose primary fetch is answered by the event.
 * If an upgrade fails this test, re-check engine.ts against the new behaviour before bumping.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext, executeQueryPlan, type ServiceMap } from '@apollo/gateway';
import { prettyFormatQueryPlan, QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { SUPERGRAPH_FILE } from '../subgraphs';

const versionOf = (pkg: string) => (JSON.parse(readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'package.json'), 'utf8')) as { version: string }).version;

const SUBSCRIPTION = parse(`subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { status items { quantity product { name sku } } } }`);

describe('query planner behaviour the subscription engine relies on', () => {
  const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8'));
  const apiSchema = supergraph.apiSchema();
  const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(apiSchema, SUBSCRIPTION));

  it('uses the planner and federation internals of the gateway version, pinned', () => {
    const gateway = versionOf('@apollo/gateway');
    expect(versionOf('@apollo/query-planner')).toBe(gateway);
    expect(versionOf('@apollo/federation-internals')).toBe(gateway);
    const deps = (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    for (const pkg of ['@apollo/gateway', '@apollo/query-planner', '@apollo/federation-internals']) expect(deps[pkg]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('plans a subscription as a primary fetch to the owner and entity fetches for the rest', () => {
    expect(plan.node?.kind).toBe('Subscription');
    if (plan.node?.kind !== 'Subscription') return;
    const { primary, rest } = plan.node;
    expect(primary).toMatchObject({ kind: 'Fetch', serviceName: 'inventory', variableUsages: ['id'] });
    expect(primary.operation).toMatch(/^subscription/);
    expect(primary.operation.replace(/\s+/g, '')).toContain('product{__typenameid}');
    expect(rest?.kind).toBe('Sequence');
    // The whole plan, as the planner prints it: any change here needs a look at engine.ts.
    expect(prettyFormatQueryPlan(plan).replace(/\s+/g, ' ')).toBe(
      `QueryPlan { Subscription { Primary: { Fetch(service: "inventory") { { shipmentUpdated(shipmentId: $id) { status items { quantity product { __typename id } } } } } }, ` +
        `Rest: { Sequence { Flatten(path: "shipmentUpdated.items.@.product") { Fetch(service: "catalog") { { ... on Product { __typename id } } => { ... on Product { name sku } } }, }, } } }, }`,
    );
  });

  it('executes Sequence[primary, rest] with the primary fetch answered by the event', async () => {
    if (plan.node?.kind !== 'Subscription') throw new Error('not a subscription plan');
    const { primary, rest } = plan.node;
    const event = { data: { shipmentUpdated: { status: 'IN_TRANSIT', items: [{ quantity: 3, product: { __typename: 'Product', id: 'p1' } }] } } };
    const catalogRequests: unknown[] = [];
    const services: ServiceMap = {
      inventory: { process: async ({ request }) => (request.query === primary.operation ? event : { errors: [{ message: 'unexpected inventory fetch' }] }) as never },
      catalog: {
        process: async ({ request }) => {
          catalogRequests.push(request.variables);
          return { data: { _entities: [{ name: 'Longjing', sku: 'TEA-1' }] } } as never;
        },
      },
    };
    const queryPlan: QueryPlan = { kind: 'QueryPlan', node: { kind: 'Sequence', nodes: [primary, rest!] } };
    const operationContext = buildOperationContext({ schema: supergraph.apiSchema().toGraphQLJSSchema(), operationDocument: SUBSCRIPTION });
    const result = await executeQueryPlan(
      queryPlan,
      services,
      { request: { variables: { id: 's1' } }, context: {}, metrics: {}, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } } as never,
      operationContext,
      supergraph.schema.toGraphQLJSSchema(),
      apiSchema,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ shipmentUpdated: { status: 'IN_TRANSIT', items: [{ quantity: 3, product: { name: 'Longjing', sku: 'TEA-1' } }] } });
    expect(catalogRequests).toEqual([{ representations: [{ __typename: 'Product', id: 'p1' }] }]);
  });
});
