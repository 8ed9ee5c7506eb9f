import { GraphQLError } from 'graphql';
import { createLogger } from '@miw/logging';
import { createFormatError } from './errors';

const format = createFormatError(createLogger({ service: 'test', level: 'silent' }), true);
const formatted = (original: unknown) => format({ message: 'x', path: ['createProduct'] }, new GraphQLError('x', { originalError: original as Error }));
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('formatError', () => {
  it.each([
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a server shutting down (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['Prisma without a server (P1001)', Object.assign(new Error("Can't reach database server"), { code: 'P1001', meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } })],
    ['a driver adapter error of a closed connection', Object.assign(new Error('adapter'), { cause: { kind: 'ConnectionClosed' } })],
    ['a non-Error value thrown from another realm', { thrownValue: { code: 'ECONNREFUSED' } }],
    ['an AggregateError of connection attempts', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'all attempts failed')],
  ])('answers SERVICE_UNAVAILABLE for %s', (_, error) => {
    expect(formatted(error)).toEqual({ message: 'The service cannot reach its database right now; retry shortly.', path: ['createProduct'], extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it.each([
    ['a statement the database refused', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['Prisma refusing a unique value', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
  ])('still masks %s as INTERNAL_SERVER_ERROR in production', (_, error) => {
    expect(formatted(error)).toEqual({ message: 'Internal server error', path: ['createProduct'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps public codes as they are', () => {
    expect(format({ message: 'no', extensions: { code: 'FORBIDDEN' } }, new GraphQLError('no'))).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN' } });
  });
});
