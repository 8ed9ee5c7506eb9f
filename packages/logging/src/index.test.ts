import { Writable } from 'node:stream';
import { correlationIdFrom, createLogger } from './index';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines with service, region and redacted secrets', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'catalog', region: 'eu', destination: stream });
    log.info({ headers: { authorization: 'Bearer abc' }, variables: { email: 'a@b.c' } }, 'hello');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'catalog', region: 'eu', msg: 'hello' });
    expect(JSON.stringify(lines[0])).not.toContain('Bearer abc');
    expect(JSON.stringify(lines[0])).not.toContain('a@b.c');
  });
});

describe('correlationIdFrom', () => {
  it('keeps a well-formed incoming id', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'req-12345678' })).toBe('req-12345678');
  });
  it('replaces a missing or hostile id with a UUID', () => {
    const uuid = /^[0-9a-f-]{36}$/;
    expect(correlationIdFrom({})).toMatch(uuid);
    expect(correlationIdFrom({ 'x-correlation-id': 'x\n{"level":"fatal"}' })).toMatch(uuid);
    expect(correlationIdFrom({ 'x-correlation-id': 'a'.repeat(500) })).toMatch(uuid);
  });
});

describe('trace fields', () => {
  it('stamps trace_id and span_id of the active span on each line', async () => {
    const { InMemorySpanExporter } = await import('@opentelemetry/sdk-trace-node');
    const { startTracing, withSpan } = await import('@miw/observability');
    const tracing = startTracing({ service: 'catalog', region: 'eu', exporter: new InMemorySpanExporter() });
    try {
      const { lines, stream } = capture();
      const log = createLogger({ service: 'catalog', region: 'eu', destination: stream });
      log.info('outside');
      await withSpan('work', {}, () => log.info('inside'));
      expect(lines[0]).not.toHaveProperty('trace_id');
      expect(lines[1]).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    } finally {
      await tracing.shutdown();
    }
  });
});
