import { createHash } from 'node:crypto';
import { buildSchema, GraphQLError, specifiedRules, type ValidationContext } from 'graphql';
import { createEdgePipeline, OPERATION_LIMITS } from '../edge/pipeline';
import { prepareOperation, type OperationChecks } from './operation';

const schema = buildSchema('type Query { a: Int } type Subscription { ticks(n: Int!): Int }');
const checks = (over: Partial<OperationChecks> = {}): OperationChecks => ({ maxTokens: 50, schema: () => schema, rules: specifiedRules, resolve: createEdgePipeline(OPERATION_LIMITS, true).resolve, ...over });
const codes = (result: ReturnType<typeof prepareOperation>) => (Array.isArray(result) ? result.map((e) => e.extensions.code) : 'ok');

describe('prepareOperation', () => {
  it('validates a subscription against the API schema with the edge rules', () => {
    const result = prepareOperation({ query: 'subscription { ticks(n: 1) }', variables: null }, checks());
    expect(!Array.isArray(result) && result.schema).toBe(schema);
    expect(codes(prepareOperation({ query: 'subscription { ticks }' }, checks()))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const noSubscriptions = (context: ValidationContext) => ({ OperationDefinition: () => context.reportError(new GraphQLError('no', { extensions: { code: 'CUSTOM' } })) });
    expect(codes(prepareOperation({ query: 'subscription { ticks(n: 1) }' }, checks({ rules: [noSubscriptions] })))).toEqual(['CUSTOM']);
  });

  it('validates queries and mutations too, then hands them on to Apollo Server', () => {
    expect(codes(prepareOperation({ query: '{ nothing }', operationName: null }, checks()))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const result = prepareOperation({ query: '{ a }', operationName: null }, checks());
    expect(!Array.isArray(result) && { operationName: result.operationName, variableValues: result.variableValues }).toEqual({ operationName: undefined, variableValues: undefined });
  });

  it('refuses unparsable or too long text, ambiguous documents and subscriptions before the schema is loaded', () => {
    expect(codes(prepareOperation({ query: '{' }, checks()))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(prepareOperation({ query: `{ ${'a '.repeat(60)}}` }, checks()))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codes(prepareOperation({ query: 'query A { a } query B { a }' }, checks()))).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    expect(codes(prepareOperation({ query: '{ a } { a }' }, checks()))).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
    expect(codes(prepareOperation({ query: 'query A { a }', operationName: 'B' }, checks()))).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    expect(codes(prepareOperation({ query: '{ a }', variables: { v: 'a\u0000b' } }, checks()))).toEqual(['BAD_USER_INPUT']);
    expect(codes(prepareOperation({ query: 'subscription { ticks(n: 1) }' }, checks({ schema: () => undefined })))).toEqual(['SERVICE_UNAVAILABLE']);
  });

  it('runs only safelisted text in safelist mode', () => {
    const listed = 'subscription { ticks(n: 1) }';
    const safelist = new Map([[createHash('sha256').update(listed).digest('hex'), listed]]);
    expect(codes(prepareOperation({ query: listed }, checks({ safelist })))).toBe('ok');
    const refused = prepareOperation({ query: '{ a }' }, checks({ safelist }));
    expect(Array.isArray(refused) && refused[0]!.extensions).toEqual({ code: 'FORBIDDEN', reason: 'OPERATION_NOT_SAFELISTED' });
  });
});
