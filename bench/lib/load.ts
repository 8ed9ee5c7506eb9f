/**
 * Open-loop HTTP load for benchmarks: requests leave at their scheduled times (`rate` per second),
 * whether or not earlier ones have answered, so a slow server meets the same arrivals a real one
 * would and its queueing shows in the latency, which runs from the SCHEDULED send time to the end
 * of the answer. The client is node:http with a keep-alive agent (enough sockets that the client
 * never queues); a request unanswered after `timeoutMs` counts as an error. Then percentiles and a
 * summary of what came back (errors with the first one's code, `x-cache` HIT/MISS headers).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** What one request gave. */
export interface Outcome {
  /** From the scheduled send time to the end of the answer (or the error). */
  latencyMs: number;
  ok: boolean;
  /** Why it failed: a GraphQL error code, `HTTP <status>`, `TIMEOUT` or a socket error code. */
  error?: string;
  /** The `x-cache` response header, when present. */
  cache?: string;
}

/** A run at a fixed arrival rate. */
export interface LoadRun {
  /** Requests per second offered. */
  rate: number;
  outcomes: Outcome[];
  /** From the first scheduled send to the last answer. */
  seconds: number;
}

export interface HttpClient {
  /** POSTs `body` (JSON) to `url`; resolves with the outcome (never rejects). */
  post(url: string, body: string, headers: Record<string, string>): Promise<Omit<Outcome, 'latencyMs'>>;
  close(): void;
}

/** The first error code of a GraphQL response body, or its absence. */
function graphqlError(body: string): string | undefined {
  // Most answers carry no errors: only those that mention them are parsed.
  if (!body.includes('"errors"')) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = parsed.errors?.[0];
    return first ? (first.extensions?.code ?? first.message ?? 'ERROR') : undefined;
  } catch {
    return 'INVALID_JSON';
  }
}

/** A keep-alive client for GraphQL POSTs; a request not answered within `timeoutMs` fails with TIMEOUT. */
export function httpClient({ maxSockets = 1024, timeoutMs = 10_000 } = {}): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    post(url, body, headers) {
      return new Promise((resolve) => {
        let settled = false;
        const done = (outcome: Omit<Outcome, 'latencyMs'>) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        };
        const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error: NodeJS.ErrnoException) => done({ ok: false, error: error.code ?? error.message }));
          res.on('end', () => {
            const cacheHeader = res.headers['x-cache'];
            const cache = Array.isArray(cacheHeader) ? cacheHeader[0] : cacheHeader;
            const text = Buffer.concat(chunks).toString('utf8');
            const error = res.statusCode === 200 ? graphqlError(text) : (graphqlError(text) ?? `HTTP ${res.statusCode}`);
            done({ ok: error === undefined, ...(error ? { error } : {}), ...(cache ? { cache } : {}) });
          });
        });
        const timer = setTimeout(() => {
          done({ ok: false, error: 'TIMEOUT' });
          req.destroy();
        }, timeoutMs);
        req.on('error', (error: NodeJS.ErrnoException) => done({ ok: false, error: error.code ?? error.message }));
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/**
 * Sends `rate * seconds` requests, request i at start + i / rate, each made by `send` at that
 * moment; waits for every answer. A timer wakes at each due time (at most 10 ms apart), so late
 * wake-ups only add to the latency of the requests they delay, as a real client's would.
 */
export async function openLoop(rate: number, seconds: number, send: () => Promise<Omit<Outcome, 'latencyMs'>>): Promise<LoadRun> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const start = performance.now() + 1;
  const outcomes: Outcome[] = new Array<Outcome>(total);
  const answers: Promise<void>[] = [];
  let next = 0;
  let last = start;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + next * interval <= now; next++) {
        const scheduled = start + next * interval;
        const i = next;
        answers.push(
          send().then((outcome) => {
            last = performance.now();
            outcomes[i] = { ...outcome, latencyMs: last - scheduled };
          }),
        );
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.min(10, Math.max(0, start + next * interval - performance.now())));
    };
    tick();
  });
  await Promise.all(answers);
  return { rate, outcomes, seconds: (Math.max(last, start + (total - 1) * interval) - start) / 1000 };
}

/** The p-th percentile (0-100) of ascending `sorted` values, nearest rank; NaN when empty. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** What a run measured: rates, latency percentiles (every answer, errors included), errors, cache headers. */
export interface RunSummary {
  requests: number;
  /** Successful answers per second. */
  achieved: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** The first failed request's error. */
  firstError?: string;
  /** Answers served from the gateway's cache (`x-cache: HIT` or `STALE`) and with any other `x-cache` value. */
  cacheHits: number;
  cacheMisses: number;
}

export function summarize(run: LoadRun): RunSummary {
  const latencies = run.outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const failed = run.outcomes.filter((o) => !o.ok);
  const withCache = run.outcomes.filter((o) => o.cache !== undefined);
  const cacheHits = withCache.filter((o) => /^(HIT|STALE)/i.test(o.cache!)).length;
  return {
    requests: run.outcomes.length,
    achieved: (run.outcomes.length - failed.length) / run.seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: failed.length,
    ...(failed[0] ? { firstError: failed[0].error ?? 'ERROR' } : {}),
    cacheHits,
    cacheMisses: withCache.length - cacheHits,
  };
}
