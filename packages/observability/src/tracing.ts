/**
 * OpenTelemetry tracing: one trace from the gateway through the subgraphs, the outbox, Kafka and
 * the consumers (the sync worker's apply in the other region included), carried by W3C
 * `traceparent` in HTTP headers, in each outbox row's envelope and in Kafka headers.
 *
 * Off unless configured by the standard variables: `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) turns on the OTLP/HTTP exporter, which reads the other
 * `OTEL_*` settings (headers, timeout) itself; `OTEL_TRACES_EXPORTER=none` or `OTEL_SDK_DISABLED=true`
 * keeps it off. While off, every helper here is a cheap no-op and no header is written.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';

const TRACER = 'madeinworld';

/** A carrier of propagation fields: HTTP headers, Kafka headers, an event envelope. */
export type Carrier = Record<string, string | undefined>;

export interface TracingOptions {
  service: string;
  region: string;
  env?: NodeJS.ProcessEnv;
  /** An exporter of our own (tests: an InMemorySpanExporter), sent span by span. */
  exporter?: SpanExporter;
}

interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

let provider: NodeTracerProvider | undefined;

/** Whether the standard variables ask for traces. */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts the process's tracer provider once (later calls keep the first one: in tests several
 * services share one process and one provider; their spans say which service they belong to).
 */
export function startTracing({ service, region, env = process.env, exporter }: TracingOptions): Tracing {
  if (provider) return { enabled: true, shutdown: async () => undefined };
  if (!exporter && !tracingConfigured(env)) return { enabled: false, shutdown: async () => undefined };
  const processor = exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const started = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? service, 'service.namespace': 'madeinworld', 'deployment.environment.name': env.NODE_ENV ?? 'development', 'miw.region': region }),
    spanProcessors: [processor],
  });
  started.register();
  provider = started;
  return {
    enabled: true,
    shutdown: async () => {
      if (provider !== started) return;
      provider = undefined;
      await started.shutdown().catch(() => undefined);
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

const tracer = () => trace.getTracer(TRACER);

/** The context a carrier names as parent (the active one when it names none). */
export const contextFrom = (carrier: Carrier | undefined): Context => (carrier?.traceparent ? propagation.extract(context.active(), carrier) : context.active());

/** Writes the active trace into `carrier` (nothing while tracing is off) and returns it. */
export function injectTrace<C extends Carrier>(carrier: C, ctx: Context = context.active()): C {
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The active `traceparent`, if a sampled trace is active. */
export const activeTraceparent = (): string | undefined => injectTrace<Carrier>({}).traceparent;

export interface SpanOptions {
  kind?: 'server' | 'client' | 'producer' | 'consumer' | 'internal';
  attributes?: Attributes;
  /** The parent given by a carrier (incoming headers, a Kafka message, an envelope). */
  parent?: Carrier;
}

const KINDS = { server: SpanKind.SERVER, client: SpanKind.CLIENT, producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL } as const;

/**
 * Runs `fn` inside a new active span (a child of `options.parent` when given, else of the active
 * span), ends it, and records a thrown error on it.
 */
export function withSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T> | T): Promise<T> {
  const parent = contextFrom(options.parent);
  return tracer().startActiveSpan(name, { kind: KINDS[options.kind ?? 'internal'], ...(options.attributes ? { attributes: options.attributes } : {}) }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** `trace_id` and `span_id` of the active span, for log lines (empty while tracing is off). */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return traceFlags === 0 && traceId === '00000000000000000000000000000000' ? {} : { trace_id: traceId, span_id: spanId };
}

/** Renames the active span and adds attributes (e.g. a request span once the operation is known). */
export function describeActiveSpan(name: string, attributes: Attributes = {}): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(name);
  span.setAttributes(attributes);
}

export interface OpenSpan {
  /** The span's own context as a carrier (e.g. the headers of the message it publishes). */
  carrier: Carrier;
  /** Ends the span, recording `error` when given and setting `attributes` known only at the end. */
  end(error?: unknown, attributes?: Attributes): void;
}

/**
 * Starts a span that is not made active (for work spread over callbacks, or one span per item of
 * a batch sent at once): a child of `options.parent`, ended by `end()`.
 */
export function openSpan(name: string, options: SpanOptions): OpenSpan {
  const parent = contextFrom(options.parent);
  const span = tracer().startSpan(name, { kind: KINDS[options.kind ?? 'internal'], ...(options.attributes ? { attributes: options.attributes } : {}) }, parent);
  return {
    carrier: injectTrace<Carrier>({}, trace.setSpan(parent, span)),
    end(error, attributes) {
      if (attributes) span.setAttributes(attributes);
      if (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      }
      span.end();
    },
  };
}
