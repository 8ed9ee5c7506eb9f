/**
 * Configuration: one zod model per service, parsed once at start-up from the environment.
 * Every problem is reported at once (not just the first), then the process exits non-zero.
 */
import { z } from 'zod';

export { z };

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses `env` with `schema`; throws a ConfigError listing every invalid or missing variable. */
export function parseEnv<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    return value === undefined ? `${name}: ${issue.message}` : `${name}=${JSON.stringify(redact(name, value))}: ${issue.message}`;
  });
  throw new ConfigError(service, problems);
}

/** Like parseEnv, but prints every problem to stderr and exits with status 78 (EX_CONFIG). */
export function loadEnv<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return parseEnv(service, schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|KEY)/i;
function redact(name: string, value: string): string {
  if (SECRET_NAME.test(name)) return '***';
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

// ---- building blocks shared by the services' env models ----

export const Region = z.enum(['eu', 'cn']);
export type Region = z.infer<typeof Region>;

export const NodeEnv = z.enum(['development', 'test', 'production']).default('development');

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const Port = z.coerce.number().int().min(0).max(65535);

export const PostgresUrl = z
  .string()
  .url()
  .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgresql:// URL');

/** Comma-separated host:port list. */
export const BrokerList = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((b) => /^[\w.-]+:\d+$/.test(b)), 'must be host:port[,host:port...]');

export const HttpUrl = z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** "true"/"false"/"1"/"0" from the environment. */
export const Flag = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');

/** A secret of its own purpose: 32 characters or more (e.g. `openssl rand -base64 32`). */
export const Secret = z.string().min(32, 'must be at least 32 characters');

/** The secrets a domain service may need besides the internal one; each service asks for its own. */
export type OptionalSecret = 'LOGIN_CODE_SECRET' | 'LOGIN_CODE_SEAL_SECRET' | 'API_KEY_SECRET';

/** A secret the calling service cannot run without: a clear start-up error names the variable. */
export function requireSecret(env: Partial<Record<OptionalSecret, string>>, name: OptionalSecret, service: string): string {
  const value = env[name];
  if (!value) throw new Error(`${service}: ${name} is not set (a secret of 32+ characters, one per purpose; npm start generates it in development)`);
  return value;
}

/** The settings every service shares. Services extend this object. */
export const BaseEnv = z.object({
  NODE_ENV: NodeEnv,
  LOG_LEVEL: LogLevel,
  REGION: Region,
});

/**
 * The internal listener of a service's operator endpoints (`/metrics`, `/status`, debug routes;
 * see `ops` in @miw/service-kit). Every service extends its model with it.
 */
export const OpsEnv = z.object({
  /** Port of the operator endpoints; 0: no such listener (in production they are then not served at all). */
  OPS_PORT: Port.default(0),
  /** Address of that listener: loopback unless a scraper on another host must reach it. */
  OPS_HOST: z.string().min(1).default('127.0.0.1'),
  /** When set, the ops listener answers only `Authorization: Bearer <OPS_TOKEN>` (401 otherwise). */
  OPS_TOKEN: Secret.optional(),
});

/** Settings of a service that owns a PostgreSQL schema and publishes events. */
export const DomainServiceEnv = BaseEnv.extend({
  PORT: Port,
  /** Subgraphs answer the gateway only: loopback unless configured otherwise (a container sets 0.0.0.0). */
  HOST: z.string().min(1).default('127.0.0.1'),
  ...OpsEnv.shape,
  DATABASE_URL: PostgresUrl,
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * The database role the service acts as (`SET ROLE` on each connection): not the owner of its
   * tables, so row-level security applies (docs/security.md). Default: `miw_<domain>`.
   */
  DB_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case PostgreSQL role name').optional(),
  KAFKA_BROKERS: BrokerList,
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[\w.-]*$/).default(''),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Shared by the gateway and the subgraphs: subgraphs accept only requests the gateway signed with it. */
  INTERNAL_TOKEN_SECRET: Secret,
  /** Auth: the HMAC key of stored login-code hashes. */
  LOGIN_CODE_SECRET: Secret.optional(),
  /** Auth and notify: encrypts login codes on their way from auth to notify through Kafka. */
  LOGIN_CODE_SEAL_SECRET: Secret.optional(),
  /** Auth: the HMAC key of stored API-key hashes. */
  API_KEY_SECRET: Secret.optional(),
  /** Public GraphQL endpoint of the master region (EU), named by REGION_READ_ONLY errors in a mirror. */
  MASTER_REGION_ENDPOINT: HttpUrl.optional(),
  /** Orders: the public GraphQL endpoint of each region, named by WRONG_REGION errors. */
  PUBLIC_ENDPOINT_EU: HttpUrl.optional(),
  PUBLIC_ENDPOINT_CN: HttpUrl.optional(),
  /** Orders: base URL of this region's inventory service (its internal reservation routes). */
  INVENTORY_URL: HttpUrl.optional(),
  /** Orders: how long a reservation waits for payment before its order is cancelled as EXPIRED. */
  CHECKOUT_TTL_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3600_000).default(15 * 60_000),
  /** Orders: age after which a reservation without an order is released by the reconciler. */
  RESERVATION_GRACE_MS: z.coerce.number().int().min(100).max(3600_000).default(60_000),
  /** Orders: how often the reconciler and the expiry sweep run. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(50).max(3600_000).default(15_000),
  /** Orders: enables the `test-card` payment simulator (development and tests; refused in production). */
  PAYMENTS_TEST_CARD: Flag.default(false),
  /** Orders: the HMAC key of the test-card simulator's webhooks. */
  TEST_CARD_WEBHOOK_SECRET: Secret.optional(),
  /** Orders: where the test-card simulator delivers its webhooks (default: this service's own webhook route). */
  TEST_CARD_WEBHOOK_URL: HttpUrl.optional(),
  /** Orders: delay before the test-card simulator confirms or declines. */
  TEST_CARD_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  /** Orders: enables the Stripe card provider. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** Orders: the signing secret of Stripe's webhooks (required with STRIPE_SECRET_KEY). */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Orders: another Stripe API base URL (the local HTTP double of the tests). */
  STRIPE_API_URL: HttpUrl.optional(),
  /** Notify: runs the scheduled jobs (low-stock digest, daily report); default on, off when NODE_ENV=test (tests run jobs directly). */
  NOTIFY_SCHEDULES: Flag.optional(),
  /** Notify: how often the low-stock digest goes out (ms). */
  LOW_STOCK_DIGEST_INTERVAL_MS: z.coerce.number().int().min(1000).max(24 * 3600_000).default(15 * 60_000),
  /** Notify: the UTC hour after which yesterday's daily report is sent (at a quarter past). */
  DAILY_REPORT_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(0),
});
export type DomainServiceEnv = z.infer<typeof DomainServiceEnv>;
