import type { FetchNode } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
import type { Sink, SubscribePayload } from 'graphql-ws';
import { createLogger } from '@miw/logging';
import { Group, upstreamPayload, type GroupDeps } from './group';
import { SubscriberOverflowError } from './stream';

const primary = { kind: 'Fetch', serviceName: 'inventory', operation: 'subscription($s:ID!){x(s:$s){id}}', operationName: 'S', variableUsages: ['s'] } as unknown as FetchNode;
const tick = () => new Promise((r) => setImmediate(r));

function fakeUpstream(resolve: (event: ExecutionResult) => Promise<ExecutionResult> = async (e) => ({ data: { resolved: e.data } })) {
  const opened: { serviceName: string; payload: SubscribePayload; sink: Sink }[] = [];
  let unsubscribed = 0;
  let closed = 0;
  const deps: GroupDeps = {
    subscribeUpstream: (serviceName, payload, sink) => (opened.push({ serviceName, payload, sink }), () => void (unsubscribed += 1)),
    internalToken: async () => 'token-of-the-subscriber',
    resolve,
    onClosed: () => void (closed += 1),
    stats: { subscribers: 0, upstreamEvents: 0, deliveries: 0 },
    logger: createLogger({ service: 'test', level: 'silent' }),
    maxQueue: 3,
  };
  return { deps, opened, unsubscribed: () => unsubscribed, closed: () => closed };
}

const started = async (up: ReturnType<typeof fakeUpstream>) => {
  const group = new Group('key', primary, { s: 'store-1', unused: 1 }, up.deps);
  group.start();
  await tick();
  return group;
};

const take = async (stream: AsyncIterator<ExecutionResult>, n: number) => {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push((await stream.next()).value);
  return out;
};

describe('upstreamPayload', () => {
  it('sends only the variables the primary fetch uses, and the subscriber token in the extensions', () => {
    expect(upstreamPayload(primary, { s: '1', other: 2 }, 'tok')).toEqual({ query: primary.operation, operationName: 'S', variables: { s: '1' }, extensions: { 'x-miw-internal': 'tok' } });
  });
});

describe('a subscription group', () => {
  it('opens one upstream subscription and delivers every event, resolved once, to each subscriber in upstream order', async () => {
    let slow = true;
    const up = fakeUpstream(async (event) => {
      // The first event resolves last: delivery order must still be upstream order.
      if (slow) {
        slow = false;
        await new Promise((r) => setTimeout(r, 30));
      }
      return { data: { resolved: event.data } };
    });
    const group = await started(up);
    const a = group.add();
    const b = group.add();
    expect(up.opened).toHaveLength(1);
    expect(up.opened[0]!.payload.extensions).toEqual({ 'x-miw-internal': 'token-of-the-subscriber' });
    up.opened[0]!.sink.next({ data: { n: 1 } });
    up.opened[0]!.sink.next({ data: { n: 2 } });
    const expected = [{ data: { resolved: { n: 1 } } }, { data: { resolved: { n: 2 } } }];
    expect(await take(a, 2)).toEqual(expected);
    expect(await take(b, 2)).toEqual(expected);
    expect(up.deps.stats).toMatchObject({ subscribers: 2, upstreamEvents: 2, deliveries: 4 });
  });

  it('passes on a refusal of the subgraph (an event without data) and a failed resolution as SUBSCRIPTION_EVENT_FAILED', async () => {
    const up = fakeUpstream(async () => Promise.reject(new Error('catalog down')));
    const group = await started(up);
    const stream = group.add();
    up.opened[0]!.sink.next({ errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] } as never);
    up.opened[0]!.sink.next({ data: { n: 1 } });
    const [refusal, failed] = (await take(stream, 2)) as ExecutionResult[];
    expect(refusal!.errors!.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', serviceName: 'inventory' }]);
    expect(failed!.errors!.map((e) => [e.message, e.extensions.code])).toEqual([['Could not resolve a subscription event: catalog down', 'SUBSCRIPTION_EVENT_FAILED']]);
  });

  it('ends every stream with SUBSCRIPTION_UPSTREAM_ERROR when upstream fails, and stops taking subscribers', async () => {
    const up = fakeUpstream();
    const group = await started(up);
    const stream = group.add();
    up.opened[0]!.sink.error({ code: 1011, reason: 'restarting' });
    const last = (await stream.next()).value as ExecutionResult;
    expect(last.errors![0]!.extensions).toEqual({ code: 'SUBSCRIPTION_UPSTREAM_ERROR', serviceName: 'inventory', reason: 'restarting' });
    expect((await stream.next()).done).toBe(true);
    expect([up.closed(), up.unsubscribed()]).toEqual([1, 1]);
  });

  it('unsubscribes upstream when its last subscriber leaves', async () => {
    const up = fakeUpstream();
    const group = await started(up);
    const a = group.add();
    const b = group.add();
    await a.return();
    expect(up.unsubscribed()).toBe(0);
    await b.return();
    expect([up.closed(), up.unsubscribed(), up.deps.stats.subscribers]).toEqual([1, 1, 0]);
  });

  it('fails only the subscriber that falls behind', async () => {
    const up = fakeUpstream(async (e) => e);
    const group = await started(up);
    let overflowed = 0;
    const slow = group.add(() => void (overflowed += 1));
    const fast = group.add();
    for (let n = 1; n <= 4; n++) {
      up.opened[0]!.sink.next({ data: { n } });
      await take(fast, 1);
    }
    expect(overflowed).toBe(1);
    await expect(slow.next()).rejects.toBeInstanceOf(SubscriberOverflowError);
    up.opened[0]!.sink.next({ data: { n: 5 } });
    expect(await take(fast, 1)).toEqual([{ data: { n: 5 } }]);
  });

  it('never opens upstream when it finished before the token was signed', async () => {
    const up = fakeUpstream();
    const group = new Group('key', primary, {}, up.deps);
    group.start();
    group.finish();
    await tick();
    expect(up.opened).toHaveLength(0);
  });
});
