import type { Decoded } from './decode';
import { applyOneByOne, Stopping, untilDone } from './retrying';

const item = (eventId: string) => ({ message: { topic: 't', partition: 0, offset: eventId, key: null, value: null, headers: {} }, event: { eventId } }) as unknown as Decoded;
const transient = () => Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
const permanent = () => Object.assign(new Error('duplicate key'), { code: '23505' });

describe('untilDone', () => {
  it('retries transient failures until success, reporting each', async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await untilDone(async () => (++calls < 3 ? Promise.reject(transient()) : 'ok'), { signal: new AbortController().signal, maxBackoffMs: 1, onTransient: (_e, attempt) => seen.push(attempt) });
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2]);
  });

  it('throws a permanent failure at once, and Stopping once stopped', async () => {
    let calls = 0;
    await expect(untilDone(async () => (calls++, Promise.reject(permanent())), { signal: new AbortController().signal, maxBackoffMs: 1 })).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
    const stop = new AbortController();
    const running = untilDone(() => Promise.reject(transient()), { signal: stop.signal, maxBackoffMs: 60_000 });
    stop.abort();
    await expect(running).rejects.toBeInstanceOf(Stopping);
  });
});

describe('applyOneByOne', () => {
  it('isolates the event that keeps failing and applies the others', async () => {
    const tries: Record<string, number> = {};
    const poison = await applyOneByOne(
      [item('a'), item('bad'), item('c')],
      async ({ event }) => {
        tries[event.eventId] = (tries[event.eventId] ?? 0) + 1;
        if (event.eventId === 'bad') throw permanent();
      },
      3,
      { signal: new AbortController().signal, maxBackoffMs: 1 },
    );
    expect(tries).toEqual({ a: 1, bad: 3, c: 1 });
    expect(poison).toEqual([expect.objectContaining({ eventId: 'bad', reason: 'APPLY_FAILED', error: 'duplicate key', attempts: 3 })]);
  });

  it('stops without dead-lettering when the worker stops', async () => {
    await expect(applyOneByOne([item('a')], () => Promise.reject(new Stopping('stopping')), 3, { signal: new AbortController().signal, maxBackoffMs: 1 })).rejects.toBeInstanceOf(Stopping);
  });
});
