import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { SUPERGRAPH_FILE } from '../subgraphs';
import { eventPlan, servicesAnswering } from './execute';
import { coerceVariables, prepare, schemaStateOf, tryPrepare } from './plans';

const coreSupergraphSdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
const state = () => schemaStateOf({ apiSchema: Supergraph.build(coreSupergraphSdl).apiSchema().toGraphQLJSSchema(), coreSupergraphSdl });
const SUBSCRIPTION = parse(`subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { status items { quantity product { name } } } }`);

describe('subscription plans', () => {
  it('plans a subscription as a primary fetch to its owner and the rest, once per schema', () => {
    const s = state();
    const prepared = prepare(s, SUBSCRIPTION, undefined);
    expect(prepared.primary).toMatchObject({ kind: 'Fetch', serviceName: 'inventory', variableUsages: ['id'] });
    expect(prepared.rest?.kind).toBe('Sequence');
    expect(prepare(s, parse(`subscription($id: ID!) { shipmentUpdated(shipmentId: $id) { status items { quantity product { name } } } }`), undefined)).toBe(prepared);
    expect(prepare(state(), SUBSCRIPTION, undefined)).not.toBe(prepared);
  });

  it('refuses what is not a subscription with BAD_REQUEST', () => {
    const result = tryPrepare(state(), parse(`{ __typename }`), undefined);
    expect('errors' in result && result.errors.map((e) => e.extensions.code)).toEqual(['BAD_REQUEST']);
  });

  it('coerces the variables, or answers BAD_USER_INPUT', () => {
    const prepared = prepare(state(), SUBSCRIPTION, undefined);
    expect(coerceVariables(prepared, { id: 7 })).toEqual({ variables: { id: '7' } });
    const missing = coerceVariables(prepared, null);
    expect('errors' in missing && missing.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('per-event execution', () => {
  it('runs the primary fetch, then the rest', () => {
    const { primary, rest } = prepare(state(), SUBSCRIPTION, undefined);
    expect(eventPlan({ primary, rest })).toEqual({ kind: 'QueryPlan', node: { kind: 'Sequence', nodes: [primary, rest] } });
    expect(eventPlan({ primary, rest: undefined })).toEqual({ kind: 'QueryPlan', node: { kind: 'Sequence', nodes: [primary] } });
  });

  it('answers the primary fetch with the event and sends every other fetch to the subgraphs', async () => {
    const { primary } = prepare(state(), SUBSCRIPTION, undefined);
    const sent: string[] = [];
    const source = (name: string) => ({ process: async ({ request }: { request: { query?: string } }) => (sent.push(`${name}: ${request.query}`), { data: { from: name } }) });
    const event = { data: { shipmentUpdated: { status: 'SHIPPED' } } };
    const services = servicesAnswering(new Map([['inventory', source('inventory')], ['catalog', source('catalog')]]) as never, primary, event);
    const call = (name: string, query: string) => services[name]!.process({ request: { query }, context: {} } as never);
    await expect(call('inventory', primary.operation)).resolves.toBe(event);
    await expect(call('inventory', '{ other }')).resolves.toEqual({ data: { from: 'inventory' } });
    await expect(call('catalog', '{ _entities }')).resolves.toEqual({ data: { from: 'catalog' } });
    expect(sent).toEqual(['inventory: { other }', 'catalog: { _entities }']);
  });
});
