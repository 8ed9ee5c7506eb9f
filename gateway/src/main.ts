import './telemetry-off';
import { readFileSync } from 'node:fs';
import { BaseEnv, BrokerList, HttpUrl, loadEnv, OpsEnv, Port, PostgresUrl, z } from '@miw/config';
import { DEFAULT_TOKEN_SETTINGS, ROLES, watchKeySetFile } from '@miw/auth';
import { createKafkaBus } from '@miw/events';
import { createLogger } from '@miw/logging';
import { createServiceMetrics, startTracing } from '@miw/observability';
import { exitOnStartupError, onShutdown, opsSettingsFrom } from '@miw/service-kit';
import { createGateway, LIMITS } from './app';
import { memoryRateLimiter, parsePerRole, redisRateLimiter, type RateLimiter } from './rate-limit';
import { postgresRateLimiter } from './rate-limit-postgres';
import { WS_LIMITS } from './ws/limits';
import { loadSafelist } from './safelist';
import { SUBGRAPH_GUARD_DEFAULTS } from './subgraph-guard';
import { defaultPort, SUBGRAPHS, SUPERGRAPH_FILE, type SubgraphName } from './subgraphs';

const Env = BaseEnv.extend({
  PORT: Port,
  /** The public entry: every address by default (subgraphs and the sync worker default to 127.0.0.1). */
  HOST: z.string().min(1).default('0.0.0.0'),
  ...OpsEnv.shape,
  SUPERGRAPH_PATH: z.string().default(SUPERGRAPH_FILE),
  SUBGRAPH_URL_AUTH: HttpUrl.optional(),
  SUBGRAPH_URL_CATALOG: HttpUrl.optional(),
  SUBGRAPH_URL_INVENTORY: HttpUrl.optional(),
  SUBGRAPH_URL_ORDERS: HttpUrl.optional(),
  SUBGRAPH_URL_NOTIFY: HttpUrl.optional(),
  CORS_ORIGINS: z.string().default('https://studio.apollographql.com,http://localhost:3000,http://localhost:5173'),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/).default('256kb'),
  INTERNAL_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** JWKS file with the auth services' keys (public parts suffice). */
  AUTH_KEYS_FILE: z.string().min(1),
  AUTH_ISSUER: z.string().default(DEFAULT_TOKEN_SETTINGS.issuer),
  AUTH_AUDIENCE: z.string().default(DEFAULT_TOKEN_SETTINGS.audience),
  /** Shared rate-limit counters for several gateway instances; in memory when unset. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** Shared rate-limit counters in PostgreSQL (table gateway.gateway_rate_limits) when REDIS_URL is not set. */
  RATE_LIMIT_DATABASE_URL: PostgresUrl.optional(),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(LIMITS.perIp),
  /** Requests per signed-in user per window by role, e.g. "ADMIN=3000,CUSTOMER=300"; roles not named keep LIMITS.perRole. */
  RATE_LIMIT_PER_ROLE: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parsePerRole(text, ROLES);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  RATE_LIMIT_PER_USER: z.undefined({ error: 'replaced by RATE_LIMIT_PER_ROLE (e.g. "CUSTOMER=300,ADMIN=3000")' }).optional(),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(LIMITS.windowSeconds),
  /** Requests per API key per minute and per hour, for keys without limits of their own (set in auth). */
  RATE_LIMIT_API_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(LIMITS.apiKeyPerMinute),
  RATE_LIMIT_API_KEY_PER_HOUR: z.coerce.number().int().min(1).default(LIMITS.apiKeyPerHour),
  /** Field selections per operation, fragments expanded (HTTP and graphql-ws). */
  GRAPHQL_MAX_SELECTIONS: z.coerce.number().int().min(1).max(100_000).default(LIMITS.maxSelections),
  /** Errors in one response; request-level errors are also deduplicated by kind. */
  GRAPHQL_MAX_ERRORS: z.coerce.number().int().min(1).max(1000).default(LIMITS.maxErrors),
  /** Nesting of variables and of inline object/list arguments (JSONObject values). */
  GRAPHQL_MAX_INPUT_DEPTH: z.coerce.number().int().min(2).max(1000).default(LIMITS.maxInputDepth),
  /** graphql-ws sockets open at once per user or API key (more: close 4430). Per gateway instance. */
  WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(WS_LIMITS.maxSocketsPerIdentity),
  /** graphql-ws sockets open at once per client address (more: close 4430). Per gateway instance. */
  WS_MAX_SOCKETS_PER_IP: z.coerce.number().int().min(1).default(WS_LIMITS.maxSocketsPerAddress),
  /** New graphql-ws sockets per client address per second (more: close 4431); shared through REDIS_URL. */
  WS_MAX_CONNECTS_PER_IP_PER_SECOND: z.coerce.number().int().min(1).default(WS_LIMITS.maxConnectsPerAddressPerSecond),
  /** Safelist mode: a manifest of the only operations allowed to run. */
  SAFELIST_FILE: z.string().optional(),
  /** Proxies allowed to set X-Forwarded-For: a hop count, or addresses/CIDRs/"loopback" (express 'trust proxy'). */
  TRUST_PROXY: z.string().optional(),
  /** Kafka: the user and organization snapshots of both regions feed the revocation list (see src/revocation.ts). */
  KAFKA_BROKERS: BrokerList.optional(),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[\w.-]*$/).default(''),
  /** Response cache of public catalog reads (needs KAFKA_BROKERS for invalidation); 0 turns it off. */
  RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  /** Longest time a cached answer is served, whatever the subgraphs' hints (seconds). */
  RESPONSE_CACHE_MAX_AGE: z.coerce.number().int().min(1).max(3600).default(60),
  /** CN: how long after a catalog event the mirror is expected to hold it (the cache forgets again then). */
  RESPONSE_CACHE_MIRROR_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  /** Deadline of one gateway -> subgraph fetch, answer body included (subscriptions are not fetches). */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(SUBGRAPH_GUARD_DEFAULTS.timeoutMs),
  /** Failures (no answer, timeout, HTTP 5xx) of one subgraph within BREAKER_WINDOW_SECONDS that open its circuit breaker. */
  BREAKER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(SUBGRAPH_GUARD_DEFAULTS.failures),
  BREAKER_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(SUBGRAPH_GUARD_DEFAULTS.windowMs / 1000),
  /** How long an open breaker fails that subgraph's fields at once before one probe call is let through. */
  BREAKER_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(SUBGRAPH_GUARD_DEFAULTS.cooldownMs / 1000),
});

const env = loadEnv('gateway', Env);
const logger = createLogger({ service: 'gateway', region: env.REGION, level: env.LOG_LEVEL });
/** Where the rate-limit counters live: Redis, else PostgreSQL (both shared by every instance), else memory. */
function rateLimiter(): RateLimiter {
  if (env.REDIS_URL) return redisRateLimiter(env.REDIS_URL);
  if (env.RATE_LIMIT_DATABASE_URL) return postgresRateLimiter(env.RATE_LIMIT_DATABASE_URL, { logger });
  return memoryRateLimiter();
}

const urlOf = (name: SubgraphName) =>
  env[`SUBGRAPH_URL_${name.toUpperCase()}` as keyof typeof env] as string | undefined ?? `http://127.0.0.1:${defaultPort(env.REGION, name)}/graphql`;

async function main() {
  const tracing = startTracing({ service: 'gateway', region: env.REGION });
  // Reloaded every minute and on SIGHUP: a key added by `npm run keys -- rotate` verifies without a restart.
  const keys = await watchKeySetFile(env.AUTH_KEYS_FILE, { onError: (error) => logger.error({ err: error }, 'cannot reload the key set; keeping the loaded keys') });
  const bus = env.KAFKA_BROKERS ? createKafkaBus({ brokers: env.KAFKA_BROKERS, clientId: `gateway-${env.REGION}`, logger }) : undefined;
  if (!bus) logger.warn('KAFKA_BROKERS is not set: deactivations end access tokens only when they expire (15 minutes)');
  const gateway = await createGateway({
    region: env.REGION,
    production: env.NODE_ENV === 'production',
    logger,
    supergraphSdl: readFileSync(env.SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((n) => [n, urlOf(n)])) as Record<SubgraphName, string>,
    corsOrigins: env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    bodyLimit: env.BODY_LIMIT,
    keys,
    ...(bus ? { revocationFeed: { bus, topicPrefix: env.KAFKA_TOPIC_PREFIX } } : {}),
    ...(bus && env.RESPONSE_CACHE_MB > 0
      ? {
          responseCache: {
            maxBytes: env.RESPONSE_CACHE_MB * 1024 * 1024,
            maxAgeCapSeconds: env.RESPONSE_CACHE_MAX_AGE,
            feed: { bus, topicPrefix: env.KAFKA_TOPIC_PREFIX, mirrorSettleMs: env.RESPONSE_CACHE_MIRROR_SETTLE_MS },
          },
        }
      : {}),
    tokenSettings: { issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE },
    internalSecret: env.INTERNAL_TOKEN_SECRET,
    limits: {
      perIp: env.RATE_LIMIT_PER_IP,
      perRole: env.RATE_LIMIT_PER_ROLE,
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      apiKeyPerMinute: env.RATE_LIMIT_API_KEY_PER_MINUTE,
      apiKeyPerHour: env.RATE_LIMIT_API_KEY_PER_HOUR,
      maxSelections: env.GRAPHQL_MAX_SELECTIONS,
      maxErrors: env.GRAPHQL_MAX_ERRORS,
      maxInputDepth: env.GRAPHQL_MAX_INPUT_DEPTH,
    },
    wsLimits: { maxSocketsPerIdentity: env.WS_MAX_SOCKETS_PER_USER, maxSocketsPerAddress: env.WS_MAX_SOCKETS_PER_IP, maxConnectsPerAddressPerSecond: env.WS_MAX_CONNECTS_PER_IP_PER_SECOND },
    subgraphGuard: {
      timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
      failures: env.BREAKER_FAILURES,
      windowMs: env.BREAKER_WINDOW_SECONDS * 1000,
      cooldownMs: env.BREAKER_COOLDOWN_SECONDS * 1000,
    },
    rateLimiter: rateLimiter(),
    metrics: createServiceMetrics({ service: 'gateway', region: env.REGION }),
    ops: opsSettingsFrom(env),
    ...(env.SAFELIST_FILE ? { safelist: loadSafelist(env.SAFELIST_FILE) } : {}),
    ...(env.TRUST_PROXY ? { trustProxy: /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY } : {}),
  });
  const port = await gateway.listen(env.PORT, env.HOST);
  logger.info({ port }, `gateway (${env.REGION}) listening on http://localhost:${port}/graphql`);
  onShutdown(logger, [() => gateway.close(), async () => (keys.stop(), await bus?.close()), () => tracing.shutdown()]);
}

main().catch(exitOnStartupError(logger, 'gateway'));
