import { GraphQLError } from 'graphql';
import { formatResult } from './results';

describe('formatResult', () => {
  const masked = (formatted: { message: string }) => ({ ...formatted, message: 'masked' });

  it('sends results without errors as they are', () => {
    expect(formatResult({ data: { a: 1 } }, masked)).toBeUndefined();
  });

  it('formats errors as HTTP responses do, except the stream codes written for clients', () => {
    const result = formatResult(
      {
        data: null,
        errors: [new GraphQLError('internal detail', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }), new GraphQLError('ended; subscribe again', { extensions: { code: 'SUBSCRIPTION_UPSTREAM_ERROR' } })],
      },
      masked,
    );
    expect(result?.errors?.map((e) => e.message)).toEqual(['masked', 'ended; subscribe again']);
  });
});
