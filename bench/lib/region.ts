/**
 * A WHOLE region for benchmarks, started the way `npm start` starts it (scripts/start.ts): the
 * subgraphs auth, catalog, inventory, orders and notify and the gateway, each its own process
 * (bench/lib/processes.ts: `node --import tsx <entry>`), on one database and one topic prefix,
 * development settings, with the run's own access-token keys and secrets. What differs from
 * `npm start`: free ports, quiet logs (warn), the gateway's rate limits out of the way (every
 * benchmark request comes from one address), no test-card payments and no mail sink (the
 * benchmarks neither pay nor send email), one region (no sync worker).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevKeySetFile, ROLES } from '@miw/auth';
import { DOMAINS } from '@miw/db';
import { killServices, startServiceProcess, stopServices, waitUntilReady, type ServiceProcess, type Teardown } from './processes';

/** The gateway's limits per client address and per user: out of reach of any benchmark. */
const NO_LIMIT = '1000000';

/** The subgraphs in start order (each owns the PostgreSQL schema of its name), as `npm start` starts them. */
const SUBGRAPHS = DOMAINS;
type Subgraph = (typeof DOMAINS)[number];
type RegionService = Subgraph | 'gateway';

export interface RegionSystem {
  /** The gateway's GraphQL URL. */
  gatewayUrl: string;
  /** Every process, subgraphs in start order, then the gateway. */
  services: Record<RegionService, ServiceProcess>;
  /** Each subgraph's GraphQL URL (another gateway can be pointed at them). */
  subgraphUrls: Record<Subgraph, string>;
  /** The access-token key set the gateway verifies with (JWKS with private keys). */
  authKeysFile: string;
  /** The gateway-to-subgraph secret. */
  internalSecret: string;
}

export interface RegionOptions {
  databaseUrl: string;
  kafkaBrokers: string;
  topicPrefix: string;
  startTimeoutMs: number;
}

/** Settings every process of `npm start` gets (development), with a fresh secret per purpose. */
function commonEnv(options: RegionOptions, authKeysFile: string): Record<string, string> {
  const secret = () => randomBytes(32).toString('base64url');
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    REGION: 'eu',
    KAFKA_BROKERS: options.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: options.topicPrefix,
    APOLLO_TELEMETRY_DISABLED: '1',
    AUTH_KEYS_FILE: authKeysFile,
    INTERNAL_TOKEN_SECRET: secret(),
    LOGIN_CODE_SECRET: secret(),
    LOGIN_CODE_SEAL_SECRET: secret(),
    API_KEY_SECRET: secret(),
  };
}

/**
 * Starts the subgraphs (all at once, then waits until each is ready) and then the gateway, which
 * is ready when every subgraph answers it. `teardown` stops them all (also when start-up fails).
 */
export async function startRegion(options: RegionOptions, teardown: Teardown): Promise<RegionSystem> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'miw-bench-region-'));
  teardown.add('removing the key set', async () => rmSync(dir, { recursive: true, force: true }));
  const authKeysFile = path.join(dir, 'auth-keys.json');
  await ensureDevKeySetFile(authKeysFile);
  const common = commonEnv(options, authKeysFile);
  const started: ServiceProcess[] = [];
  // Last resort: the services never outlive this process, even when it dies without cleaning up.
  process.once('exit', () => killServices(started));
  teardown.add('stopping the services', () => stopServices([...started].reverse()));
  const start = async (id: string, entry: string, env: Record<string, string>) => {
    const service = await startServiceProcess({ id, entry, env: { ...common, ...env } });
    started.push(service);
    return service;
  };

  const subgraphs = {} as Record<Subgraph, ServiceProcess>;
  for (const name of SUBGRAPHS) {
    // Orders reserve stock through the region's inventory (started before it: SUBGRAPHS is in start order).
    const extra: Record<string, string> = name === 'orders' ? { INVENTORY_URL: subgraphs.inventory.origin } : {};
    subgraphs[name] = await start(name, path.join('subgraphs', name, 'src', 'main.ts'), { DATABASE_URL: options.databaseUrl, ...extra });
  }
  await Promise.all(Object.values(subgraphs).map((s) => waitUntilReady(s, options.startTimeoutMs)));
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name) => [name, `${subgraphs[name].origin}/graphql`])) as RegionSystem['subgraphUrls'];
  const gateway = await start('gateway', path.join('gateway', 'src', 'main.ts'), {
    ...Object.fromEntries(SUBGRAPHS.map((name) => [`SUBGRAPH_URL_${name.toUpperCase()}`, subgraphUrls[name]])),
    RATE_LIMIT_PER_IP: NO_LIMIT,
    RATE_LIMIT_PER_ROLE: ROLES.map((role) => `${role}=${NO_LIMIT}`).join(','),
    RATE_LIMIT_API_KEY_PER_MINUTE: NO_LIMIT,
    RATE_LIMIT_API_KEY_PER_HOUR: NO_LIMIT,
    WS_MAX_SOCKETS_PER_USER: NO_LIMIT,
    WS_MAX_SOCKETS_PER_IP: NO_LIMIT,
    WS_MAX_CONNECTS_PER_IP_PER_SECOND: NO_LIMIT,
  });
  await waitUntilReady(gateway, options.startTimeoutMs);
  return { gatewayUrl: `${gateway.origin}/graphql`, services: { ...subgraphs, gateway }, subgraphUrls, authKeysFile, internalSecret: common.INTERNAL_TOKEN_SECRET! };
}
