import { createLiveEvents, filterMap, Queue, StreamOverflowError } from './live';

describe('live stream queue', () => {
  it('hands out pushed items in order, to a waiting reader too', async () => {
    const q = new Queue<number>(10);
    const waiting = q.next();
    q.push(1);
    q.push(2);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it('fails with StreamOverflowError past its bound, and calls onEnd once', async () => {
    const onEnd = jest.fn();
    const q = new Queue<number>(2, onEnd);
    for (let i = 0; i < 5; i++) q.push(i);
    await expect(q.next()).rejects.toBeInstanceOf(StreamOverflowError);
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('ends a waiting reader on return(), and ignores later pushes', async () => {
    const q = new Queue<number>(2);
    const waiting = q.next();
    await q.return();
    q.push(1);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('filterMap skips items mapped to undefined and closes its source', async () => {
    const q = new Queue<number>(10);
    const evens = filterMap(q, (n) => (n % 2 === 0 ? `even ${n}` : undefined));
    for (const n of [1, 2, 3, 4]) q.push(n);
    expect(await evens.next()).toEqual({ value: 'even 2', done: false });
    expect(await evens.next()).toEqual({ value: 'even 4', done: false });
    await evens.return();
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });
});

describe('live events fan-out', () => {
  it('delivers to the streams of the dispatch key inside the trace of the event being consumed', async () => {
    const { InMemorySpanExporter } = await import('@opentelemetry/sdk-trace-node');
    const { startTracing, withSpan } = await import('@miw/observability');
    const { createEnvelope } = await import('@miw/contracts');
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ service: 'inventory', region: 'eu', exporter });
    try {
      let handle: ((m: { topic: string; partition: number; offset: string; key: string | null; value: Buffer | null; headers: Record<string, string> }) => Promise<void>) | undefined;
      const bus = { consumer: (o: { handle: typeof handle }) => ((handle = o.handle), { start: async () => undefined, stop: async () => undefined }), ensureTopics: async () => undefined } as unknown as Parameters<typeof createLiveEvents>[0]['bus'];
      const live = createLiveEvents({ bus, topics: { 'inventory.level.v1': (e) => [`store:${e.entityId}`] }, groupPrefix: 'test', logger: (await import('@miw/logging')).createLogger({ service: 'test', level: 'silent' }) });
      const stream = live.listen('inventory.level.v1', 'store:s1');
      const event = createEnvelope({ type: 'LevelChanged', entity: 'InventoryLevel', entityId: 's1', originRegion: 'eu', entityUpdatedAt: new Date(), correlationId: 'corr-12345678', payload: {} });
      await withSpan('consume inventory.level.v1', { kind: 'consumer' }, () => handle!({ topic: 'inventory.level.v1', partition: 0, offset: '0', key: 's1', value: Buffer.from(JSON.stringify(event)), headers: {} }));
      expect((await stream.next()).value).toMatchObject({ eventId: event.eventId });
      const spans = exporter.getFinishedSpans();
      const consume = spans.find((s) => s.name === 'consume inventory.level.v1')!;
      const deliver = spans.find((s) => s.name === 'deliver inventory.level.v1')!;
      expect(deliver.parentSpanContext?.spanId).toBe(consume.spanContext().spanId);
      expect(deliver.attributes['miw.live.streams']).toBe(1);
      await stream.return();
    } finally {
      await tracing.shutdown();
    }
  });
});
