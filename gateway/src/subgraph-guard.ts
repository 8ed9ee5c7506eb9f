/**
 * Every HTTP fetch from the gateway to a subgraph runs under a deadline and through that
 * subgraph's circuit breaker (./breaker.ts). A dead or hanging subgraph then costs a query one
 * timeout at most, and once its breaker is open nothing: its fields answer SUBGRAPH_UNAVAILABLE at
 * once while the fields of the other subgraphs in the same query still resolve.
 *
 * What counts as a failure: no answer (network error, timeout) or an HTTP 5xx. A GraphQL error in
 * a 200 answer or a 4xx is the subgraph answering: it counts as a success.
 * Subscriptions are not fetches (they run over graphql-ws); the fetches completing their events
 * are, and are guarded like any other.
 */
import type http from 'node:http';
import { finished } from 'node:stream';
import { GraphQLError } from 'graphql';
import nodeFetch, { type RequestInit, type Response } from 'node-fetch';
import { ErrorCode } from '@miw/contracts';
import type { Logger } from '@miw/logging';
import { BREAKER_DEFAULTS, createCircuitBreaker, type BreakerPermit, type BreakerSettings, type BreakerSnapshot } from './breaker';
import type { GatewayMetrics } from './metrics';

export interface SubgraphGuardSettings extends BreakerSettings {
  /** Deadline of one fetch, from sending the request to the last byte of the answer. */
  timeoutMs: number;
}

export const SUBGRAPH_GUARD_DEFAULTS: SubgraphGuardSettings = { ...BREAKER_DEFAULTS, timeoutMs: 10_000 };

/** Why a subgraph's fields failed, as the client sees it in `extensions.reason`. */
type UnavailableReason = 'CIRCUIT_OPEN' | 'TIMEOUT' | 'UNREACHABLE' | 'ERROR_STATUS';

/** Thrown by the fetcher when the breaker refuses the call: no request is sent. */
class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
}

export interface SubgraphGuard {
  /** node-fetch with the keep-alive agent, the deadline and the breaker. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** A failed fetch as the error the client sees (other errors are returned unchanged). */
  toClientError(error: unknown): unknown;
  snapshot(): BreakerSnapshot;
}

export interface SubgraphGuardDeps {
  name: string;
  agent: http.Agent;
  settings: SubgraphGuardSettings;
  logger: Logger;
  production: boolean;
  now?: () => number;
  metrics?: Pick<GatewayMetrics, 'fetchDuration' | 'fetchErrors' | 'breakerOpen'>;
}

const BREAKER_GAUGE = { closed: 0, 'half-open': 0.5, open: 1 } as const;

export function createSubgraphGuard({ name, agent, settings, logger, production, now = Date.now, metrics }: SubgraphGuardDeps): SubgraphGuard {
  const log = logger.child({ component: 'subgraph-guard', subgraph: name });
  metrics?.breakerOpen.set({ subgraph: name }, 0);
  const breaker = createCircuitBreaker({
    ...settings,
    now,
    onStateChange: (from, to, snapshot) => {
      const message = to === 'open' ? 'circuit breaker opened: failing fast' : to === 'closed' ? 'circuit breaker closed: subgraph answers again' : 'circuit breaker half-open: next call probes';
      (to === 'open' ? log.error : log.warn).call(log, { from, to, ...snapshot }, message);
      metrics?.breakerOpen.set({ subgraph: name }, BREAKER_GAUGE[to]);
    },
  });

  const fetchGuarded = async (url: string, init?: RequestInit): Promise<Response> => {
    const permit = breaker.tryAcquire();
    if (!permit) {
      metrics?.fetchErrors.inc({ subgraph: name, reason: 'CIRCUIT_OPEN' });
      throw new CircuitOpenError(`circuit breaker of ${name} is open`);
    }
    const timer = metrics?.fetchDuration.startTimer({ subgraph: name });
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), settings.timeoutMs).unref();
    let res: Response;
    try {
      res = await nodeFetch(url, { ...init, agent, signal: controller.signal as RequestInit['signal'] });
    } catch (error) {
      clearTimeout(deadline);
      timer?.();
      judge(permit, error, undefined);
      throw error;
    }
    // The deadline covers the body too; the verdict waits for it (a 200 whose body stalls failed).
    finished(res.body, (error) => (clearTimeout(deadline), timer?.(), judge(permit, error ?? undefined, res.status)));
    return res;
  };

  const judge = (permit: BreakerPermit, error: unknown, status: number | undefined) => {
    const reason = (error ? failureReason(error) : null) ?? (status !== undefined && status >= 500 ? 'ERROR_STATUS' : null);
    if (reason) {
      log.warn({ reason, status, err: error }, 'subgraph fetch failed');
      metrics?.fetchErrors.inc({ subgraph: name, reason });
      permit.failed();
    } else if (error) permit.released();
    else permit.succeeded();
  };

  const toClientError = (error: unknown): unknown => {
    const reason = error instanceof CircuitOpenError ? 'CIRCUIT_OPEN' : failureReason(error) ?? (statusOf(error) >= 500 ? 'ERROR_STATUS' : null);
    if (!reason) return error;
    return new GraphQLError(`The ${name} service is unavailable right now; try again shortly.`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: name, reason, ...(production ? {} : { detail: (error as Error).message }) },
    });
  };

  return { fetch: fetchGuarded, toClientError, snapshot: () => breaker.snapshot() };
}

/** A fetch error that says the subgraph is unwell; null for errors of our own making. */
function failureReason(error: unknown): UnavailableReason | null {
  const e = error as { name?: unknown; type?: unknown };
  if (e?.name === 'AbortError') return 'TIMEOUT'; // only our deadline aborts
  if (e?.name === 'FetchError' && e.type === 'system') return 'UNREACHABLE';
  return null;
}

/** The HTTP status RemoteGraphQLDataSource.errorFromResponse records on its error (0 if none). */
function statusOf(error: unknown): number {
  const status = error instanceof GraphQLError ? (error.extensions.response as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' ? status : 0;
}
