import { GraphQLError, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { SubscriberStream } from '../subscriptions/stream';
import { guardedStream } from './stream';

const fakeSocket = () => {
  const closes: number[] = [];
  return { socket: { close: (code: number) => void closes.push(code) } as unknown as WebSocket, closes };
};

describe('guardedStream', () => {
  it('delivers while the credential holds; then one error, and the socket closes with 4403', async () => {
    const { socket, closes } = fakeSocket();
    let valid = true;
    const stream = new SubscriberStream(10, () => undefined);
    const open = new Set<SubscriberStream>();
    const guarded = guardedStream(stream, socket, async () => (valid ? null : new GraphQLError('expired', { extensions: { code: 'UNAUTHENTICATED' } })), open);
    expect(open.size).toBe(1);
    stream.push({ data: { n: 1 } });
    expect(await guarded.next()).toEqual({ value: { data: { n: 1 } }, done: false });
    valid = false;
    stream.push({ data: { n: 2 } });
    const refused = await guarded.next();
    expect((refused.value as ExecutionResult).errors?.[0]?.message).toBe('expired');
    expect(open.size).toBe(0);
    expect(await guarded.next()).toEqual({ value: undefined, done: true });
    expect(closes).toEqual([4403]);
  });

  it('ends quietly for a subscriber that fell behind (its socket was closed with 4413 already)', async () => {
    const { socket, closes } = fakeSocket();
    const stream = new SubscriberStream(1, () => undefined);
    const open = new Set<SubscriberStream>();
    const guarded = guardedStream(stream, socket, undefined, open);
    stream.push({ data: { n: 1 } });
    stream.push({ data: { n: 2 } });
    expect(await guarded.next()).toEqual({ value: undefined, done: true });
    expect([open.size, closes]).toEqual([0, []]);
  });

  it('is forgotten when the client completes it', async () => {
    const { socket } = fakeSocket();
    const stream = new SubscriberStream(10, () => undefined);
    const open = new Set<SubscriberStream>();
    const guarded = guardedStream(stream, socket, undefined, open);
    await guarded.return!();
    expect(open.size).toBe(0);
    expect((await stream.next()).done).toBe(true);
  });
});
