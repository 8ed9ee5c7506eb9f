import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { activeTraceparent, injectTrace, startTracing, traceFields, tracingConfigured, withSpan } from './tracing';

describe('tracingConfigured', () => {
  it('is on only when an OTLP endpoint is set and nothing turns it off', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});

describe('tracing', () => {
  it('writes nothing while off', async () => {
    const off = startTracing({ service: 'catalog', region: 'eu', env: {} });
    expect(off.enabled).toBe(false);
    await withSpan('work', {}, () => {
      expect(activeTraceparent()).toBeUndefined();
      expect(traceFields()).toEqual({});
    });
  });

  it('carries one trace through a carrier (headers, an envelope) to a child in another place', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ service: 'catalog', region: 'eu', exporter });
    try {
      let carrier: Record<string, string> = {};
      let logged: { trace_id?: string } = {};
      await withSpan('updateProduct', { kind: 'server' }, async () => {
        carrier = injectTrace({});
        logged = traceFields();
      });
      expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      // Later, in a consumer that only has the carrier:
      await withSpan('apply', { kind: 'consumer', parent: carrier }, () => undefined);
      await expect(withSpan('fails', { parent: carrier }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      const spans = exporter.getFinishedSpans();
      const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
      expect(traceIds.size).toBe(1);
      expect(logged.trace_id).toBe([...traceIds][0]);
      const apply = spans.find((s) => s.name === 'apply')!;
      expect(apply.parentSpanContext?.spanId).toBe(carrier.traceparent!.split('-')[2]);
      expect(spans.find((s) => s.name === 'fails')!.status.code).toBe(2);
    } finally {
      await tracing.shutdown();
    }
  });
});
