import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { errorCodes, errorKeys } from './errors';

describe('error codes', () => {
  it('reads extensions.code of GraphQL errors, once each', () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'a', extensions: { code: 'FORBIDDEN' } }, { message: 'b', extensions: { code: 'FORBIDDEN' } }, { message: 'c' }] });
    expect(errorCodes(error)).toEqual(['FORBIDDEN', 'INTERNAL_SERVER_ERROR']);
  });

  it('maps transport failures to codes a person can act on', () => {
    const response = (status: number) => new ServerError('x', { response: new Response('', { status }), bodyText: '' });
    expect(errorCodes(response(429))).toEqual(['RATE_LIMITED']);
    expect(errorCodes(response(502))).toEqual(['SERVICE_UNAVAILABLE']);
    expect(errorCodes(new TypeError('Failed to fetch'))).toEqual(['NETWORK_ERROR']);
    expect(errorCodes(null)).toEqual([]);
  });

  it('puts payload errors first, as translation keys', () => {
    expect(errorKeys(null, [{ code: 'OUT_OF_STOCK', field: 'input.lines.0' }])).toEqual(['errors.OUT_OF_STOCK']);
  });
});
