/**
 * Structured JSON logging (pino) and correlation ids.
 *
 * A correlation id arrives in `x-correlation-id` (or is generated at the edge), is passed on to
 * every subgraph call and stamped on every Kafka event, so one request can be followed through
 * logs of every process it touched.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { traceFields } from '@miw/observability';

export type Logger = pino.Logger;

export const CORRELATION_HEADER = 'x-correlation-id';

/** Paths never written to logs: credentials and GraphQL variables (they may hold personal data). */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  'variables',
  '*.variables',
];

export interface LoggerOptions {
  service: string;
  region?: string;
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to capture lines. */
  destination?: pino.DestinationStream;
}

export function createLogger({ service, region, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service, ...(region ? { region } : {}) },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // trace_id and span_id of the active span (none while tracing is off).
      mixin: traceFields,
    },
    destination,
  );
}

const VALID_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The correlation id of a request: the caller's `x-correlation-id` when it is well formed
 * (8-128 characters of [A-Za-z0-9._:-], so it cannot inject anything into logs or headers),
 * otherwise a new UUID.
 */
export function correlationIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers[CORRELATION_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && VALID_ID.test(value) ? value : randomUUID();
}
