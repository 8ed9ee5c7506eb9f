import { GraphQLError } from 'graphql';
import { asGraphQLErrors, upstreamFailure } from './errors';

describe('asGraphQLErrors', () => {
  it('rebuilds plain errors as GraphQLErrors naming the subgraph, and keeps GraphQLErrors as they are', () => {
    const kept = new GraphQLError('kept');
    const [rebuilt, same] = asGraphQLErrors([{ message: 'no', path: ['a', 0], extensions: { code: 'FORBIDDEN' } }, kept], 'inventory');
    expect(rebuilt).toBeInstanceOf(GraphQLError);
    expect(rebuilt!.toJSON()).toEqual({ message: 'no', path: ['a', 0], extensions: { code: 'FORBIDDEN', serviceName: 'inventory' } });
    expect(same).toBe(kept);
  });
});

describe('upstreamFailure', () => {
  it('passes on the errors a subgraph sent', () => {
    expect(upstreamFailure([{ message: 'bad input', extensions: { code: 'BAD_USER_INPUT' } }], 'inventory').map((e) => e.toJSON())).toEqual([
      { message: 'bad input', extensions: { code: 'BAD_USER_INPUT', serviceName: 'inventory' } },
    ]);
  });

  it('reports a closed socket or a failure as SUBSCRIPTION_UPSTREAM_ERROR with its reason', () => {
    expect(upstreamFailure({ code: 1011, reason: 'going down' }, 'inventory')[0]!.toJSON()).toEqual({
      message: 'The subscription to the inventory subgraph ended; subscribe again',
      extensions: { code: 'SUBSCRIPTION_UPSTREAM_ERROR', serviceName: 'inventory', reason: 'going down' },
    });
    expect(upstreamFailure(new Error('ECONNREFUSED'), 'catalog')[0]!.extensions).toEqual({ code: 'SUBSCRIPTION_UPSTREAM_ERROR', serviceName: 'catalog', reason: 'ECONNREFUSED' });
    expect(upstreamFailure(undefined, 'catalog')[0]!.extensions).toEqual({ code: 'SUBSCRIPTION_UPSTREAM_ERROR', serviceName: 'catalog' });
  });
});
