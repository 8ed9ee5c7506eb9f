/**
 * The per-subscriber authorization filter: a subscriber's stream, as graphql-ws pulls it, with the
 * connection's credential re-checked before every event. A credential no longer valid gets one
 * error result, then the socket closes (4403). A subscriber that fell behind just ends (the
 * overflow already closed its socket with 4413).
 */
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { WsCloseCode } from '../subscriptions/close-codes';
import { SubscriberOverflowError, type SubscriberStream } from '../subscriptions/stream';
import type { CredentialCheck } from './credential';

/** The streams still open on a server (its shutdown waits for them to complete). */
export type OpenStreams = Set<SubscriberStream>;

export function guardedStream(stream: SubscriberStream, socket: WebSocket, credential: CredentialCheck | undefined, open: OpenStreams): AsyncIterableIterator<ExecutionResult> {
  open.add(stream);
  let refused = false;
  const stop = () => (open.delete(stream), stream.return());
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      if (refused) {
        socket.close(WsCloseCode.Forbidden, 'Credential no longer valid');
        return { value: undefined, done: true };
      }
      let item: IteratorResult<ExecutionResult>;
      try {
        item = await stream.next();
      } catch (error) {
        open.delete(stream);
        if (error instanceof SubscriberOverflowError) return { value: undefined, done: true };
        throw error;
      }
      if (item.done) {
        open.delete(stream);
        return item;
      }
      const denied = await credential?.();
      if (denied) {
        // Tell the client why, then close the socket (on the next pull, after this is sent).
        refused = true;
        await stop();
        return { value: { errors: [denied] }, done: false };
      }
      return item;
    },
    return: async () => (await stop(), { value: undefined, done: true }),
    throw: async (error: unknown) => (await stop(), Promise.reject(error)),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
