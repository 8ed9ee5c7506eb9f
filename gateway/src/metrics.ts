/**
 * The gateway's own metric families, beside the ones every service has (@miw/observability):
 * per subgraph fetch latency and failures, breaker state, and refusals by rate-limit policy.
 */
import type { ServiceMetrics } from '@miw/observability';
import type { RateLimiter } from './rate-limit';

export interface GatewayMetrics {
  fetchDuration: ReturnType<ServiceMetrics['histogram']>;
  fetchErrors: ReturnType<ServiceMetrics['counter']>;
  breakerOpen: ReturnType<ServiceMetrics['gauge']>;
  rateLimited: ReturnType<ServiceMetrics['counter']>;
}

export function createGatewayMetrics(metrics: ServiceMetrics): GatewayMetrics {
  return {
    fetchDuration: metrics.histogram('miw_gateway_subgraph_fetch_duration_seconds', 'Gateway to subgraph fetch duration (headers and body), by subgraph', ['subgraph']),
    fetchErrors: metrics.counter('miw_gateway_subgraph_fetch_errors_total', 'Failed fetches to a subgraph by reason (TIMEOUT, UNREACHABLE, ERROR_STATUS, CIRCUIT_OPEN)', ['subgraph', 'reason']),
    breakerOpen: metrics.gauge('miw_gateway_breaker_open', 'Circuit breaker of a subgraph: 1 open (failing fast), 0.5 half-open (probing), 0 closed', ['subgraph']),
    rateLimited: metrics.counter('miw_gateway_rate_limited_total', 'Requests and socket operations refused by a rate-limit policy', ['policy']),
  };
}

/**
 * The limiter, counting each refusal under its policy. The policy comes from the counter's key
 * prefix (ip:, user:, key:, ...) and, for API keys, the window: a bounded set of names.
 */
export function countRefusals(limiter: RateLimiter, refused: GatewayMetrics['rateLimited']): RateLimiter {
  return {
    ...limiter,
    hit: async (key, limit, windowSeconds) => {
      const decision = await limiter.hit(key, limit, windowSeconds);
      if (!decision.allowed) refused.inc({ policy: policyOf(key, windowSeconds) });
      return decision;
    },
    close: () => limiter.close(),
  };
}

const POLICY_OF_PREFIX: Record<string, string> = { ip: 'address', user: 'user' };

function policyOf(key: string, windowSeconds: number): string {
  const prefix = /^([a-z-]+):/.exec(key)?.[1] ?? 'other';
  if (prefix === 'key') return windowSeconds >= 3600 ? 'key-hour' : 'key-minute';
  return POLICY_OF_PREFIX[prefix] ?? (/^[a-z-]{1,20}$/.test(prefix) ? prefix : 'other');
}
