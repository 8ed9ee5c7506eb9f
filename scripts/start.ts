/**
 * npm start: the whole dual-region system on one machine.
 *   PostgreSQL (PG_URL_EU/PG_URL_CN, else embedded) and Kafka (KAFKA_BROKERS, else the local
 *   broker) -> migrations -> demo seed (development) -> per region: subgraphs auth, catalog,
 *   inventory, orders, notify and the gateway -> the sync worker (EU -> CN) -> one `ready` line.
 *   The web clients (admin panel, shopper app) are built meanwhile (only when their sources
 *   changed) and served beside the gateways with a `/config.json` naming them (CLIENTS=false: not).
 *   Development: a local SMTP sink (@miw/local-infra) receives every email notify sends over SMTP,
 *   stores it under .data/mailbox/ and shows it on http://127.0.0.1:8025 (SMTP_URL replaces it).
 * Once ready, a service process that dies is restarted with backoff while the others keep serving;
 * one that crashes more than RESTART_MAX times within RESTART_WINDOW_SECONDS is given up on (and
 * reported). A service that exits during start-up fails the start (a configuration error must not loop).
 * Ctrl-C (SIGINT) or SIGTERM stops everything this command started.
 * Services listen on 127.0.0.1 (the gateways on every address); in production the sync worker's
 * /metrics and /status move to its ops port (SYNC_WORKER_OPS_PORT), where auth's syncStatus reads them.
 * `npm start -- --monitoring` also runs Prometheus (when the binary is on PATH) on PROMETHEUS_PORT
 * (9090), scraping every service with deploy/prometheus/alerts.yml, and names it on the ready line.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureDevKeySetFile } from '@miw/auth';
import { BaseEnv, Flag, Port, z } from '@miw/config';
import { DOMAINS } from '@miw/db';
import { REPO_ROOT, startMailSink, type MailSink } from '@miw/local-infra';
import { migrateRegions, provideKafka, providePostgres, type Brokers, type Databases } from './lib/infra';
import { seedRegions } from './lib/seed';
import { buildClient, CLIENT_APPS, serveClient, type ClientRuntimeConfig } from './lib/clients';
import type { Server } from 'node:http';
import { portIsFree, startService, stopAll, waitAllReady, type Running, type ServiceSpec } from './lib/supervisor';
import { superviseRestarts, type Restarts } from './lib/restarts';
import { prometheusAvailable, startPrometheus, type Monitoring } from './lib/monitoring';
import { isRegion, type RegionCode } from '@miw/contracts';

/** The subgraphs, in start order (each owns the PostgreSQL schema of the same name). */
const SUBGRAPHS = DOMAINS;

const Env = BaseEnv.omit({ REGION: true }).extend({
  REGIONS: z
    .string()
    .default('eu,cn')
    .transform((s) => [...new Set(s.split(',').map((r) => r.trim().toLowerCase()))])
    .refine((list) => list.length > 0 && list.every(isRegion), 'must be eu, cn or eu,cn'),
  EU_PORT_BASE: Port.default(4000),
  CN_PORT_BASE: Port.default(4100),
  SYNC_WORKER_PORT: Port.default(4200),
  /** The sync worker's ops port (/metrics, /status): default SYNC_WORKER_PORT+1 in production, none in development (they stay on SYNC_WORKER_PORT). */
  SYNC_WORKER_OPS_PORT: Port.optional(),
  /** The web clients: built and served unless CLIENTS=false. */
  CLIENTS: Flag.default(true),
  ADMIN_PORT: Port.default(4300),
  SHOP_PORT: Port.default(4301),
  /** `npm start -- --monitoring`: the local Prometheus's port. */
  PROMETHEUS_PORT: Port.default(9090),
  /** Browser origins the gateways accept (comma-separated); default: the served clients, Apollo Sandbox, Vite's dev server. */
  CORS_ORIGINS: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[\w.-]*$/).default(''),
  SEED: Flag.optional(),
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  START_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(240),
  /** Crashes of one service within RESTART_WINDOW_SECONDS that are restarted; one more gives it up. */
  RESTART_MAX: z.coerce.number().int().min(0).default(5),
  RESTART_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Access-token key set (JWKS with private keys). Development: generated under .data/keys. */
  AUTH_KEYS_FILE: z.string().optional(),
  /** Gateway-to-subgraph secret. Development: a fresh one per run. */
  INTERNAL_TOKEN_SECRET: z.string().min(32).optional(),
  /** Login-code hashing, login-code sealing (auth to notify), API-key hashing: one secret per purpose. */
  LOGIN_CODE_SECRET: z.string().min(32).optional(),
  LOGIN_CODE_SEAL_SECRET: z.string().min(32).optional(),
  API_KEY_SECRET: z.string().min(32).optional(),
  /** The SMTP relay notify sends through (required in production). Development: unset runs the local sink. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** Development: where the local SMTP sink stores messages, and its SMTP and web ports. */
  MAILBOX_DIR: z.string().optional(),
  MAIL_SINK_SMTP_PORT: Port.default(1025),
  MAIL_SINK_HTTP_PORT: Port.default(8025),
  /** Development only: the test-card simulator's webhook key (generated when unset). */
  TEST_CARD_WEBHOOK_SECRET: z.string().min(32).optional(),
});

/** The secrets of the system, one per purpose. */
const SECRETS = ['INTERNAL_TOKEN_SECRET', 'LOGIN_CODE_SECRET', 'LOGIN_CODE_SEAL_SECRET', 'API_KEY_SECRET'] as const;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) process.stderr.write(`invalid ${issue.path.join('.')}: ${issue.message}\n`);
    process.exit(78);
  }
  const env = parsed.data;
  const regions = env.REGIONS as RegionCode[];
  const base = { eu: env.EU_PORT_BASE, cn: env.CN_PORT_BASE };
  const gatewayUrl = (r: RegionCode) => `http://localhost:${base[r]}/graphql`;

  let dbs: Databases | undefined;
  let kafka: Brokers | undefined;
  let mailSink: MailSink | undefined;
  let services: Running[] = [];
  let restarts: Restarts | undefined;
  let clientServers: Server[] = [];
  let monitoring: Monitoring | undefined;
  const monitor = process.argv.slice(2).includes('--monitoring');
  const stopBuilds = new AbortController();
  let stopping = false;

  const shutdown = async (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    say(`stopping (${why}) ...`);
    stopBuilds.abort();
    restarts?.stop();
    await stopAll([...(restarts?.running() ?? services)].reverse());
    await monitoring?.stop();
    await Promise.all(clientServers.map((server) => new Promise((resolve) => server.close(resolve))));
    await mailSink?.close().catch((e: unknown) => say(`mail sink: stop failed: ${String(e)}`));
    await kafka?.stop().catch((e: unknown) => say(`kafka: stop failed: ${String(e)}`));
    await dbs?.stop().catch((e: unknown) => say(`postgres: stop failed: ${String(e)}`));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));

  try {
    const production = env.NODE_ENV === 'production';
    const missing: string[] = (['AUTH_KEYS_FILE', ...SECRETS] as const).filter((name) => !env[name]);
    if (production && !env.SMTP_URL) missing.push('SMTP_URL');
    if (production && missing.length) throw new Error(`NODE_ENV=production needs AUTH_KEYS_FILE and INTERNAL_TOKEN_SECRET, LOGIN_CODE_SECRET, LOGIN_CODE_SEAL_SECRET, API_KEY_SECRET (never generated in production) and SMTP_URL; missing: ${missing.join(', ')}`);
    const keysFile = env.AUTH_KEYS_FILE ?? path.join(REPO_ROOT, '.data', 'keys', 'auth-keys.json');
    if (!env.AUTH_KEYS_FILE) await ensureDevKeySetFile(keysFile);
    const specs: ServiceSpec[] = [];
    const common = {
      NODE_ENV: env.NODE_ENV,
      LOG_LEVEL: env.LOG_LEVEL,
      KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
      APOLLO_TELEMETRY_DISABLED: '1',
      AUTH_KEYS_FILE: keysFile,
      // Development: a fresh random secret per purpose and run (production passes its own).
      ...Object.fromEntries(SECRETS.map((name) => [name, env[name] ?? randomBytes(32).toString('base64url')])),
    };
    for (const region of regions) {
      SUBGRAPHS.forEach((name, i) => specs.push({ id: `${region}:${name}`, entry: path.join('subgraphs', name, 'src', 'main.ts'), port: base[region] + 1 + i, env: { REGION: region, PORT: String(base[region] + 1 + i) } }));
      specs.push({
        id: `${region}:gateway`,
        entry: path.join('gateway', 'src', 'main.ts'),
        port: base[region],
        env: { REGION: region, PORT: String(base[region]), ...Object.fromEntries(SUBGRAPHS.map((n, i) => [`SUBGRAPH_URL_${n.toUpperCase()}`, `http://127.0.0.1:${base[region] + 1 + i}/graphql`])) },
      });
    }
    // Orders reserve stock through their region's inventory, name each region's gateway in
    // WRONG_REGION errors, and in development pay with the test-card simulator, whose webhooks
    // come back through the gateway like a real provider's.
    const testCardSecret = env.TEST_CARD_WEBHOOK_SECRET ?? randomBytes(32).toString('base64url');
    const ordersEnv = (region: RegionCode, production: boolean): Record<string, string> => ({
      INVENTORY_URL: `http://127.0.0.1:${base[region] + 1 + SUBGRAPHS.indexOf('inventory')}`,
      ...Object.fromEntries(regions.map((r) => [`PUBLIC_ENDPOINT_${r.toUpperCase()}`, gatewayUrl(r)])),
      ...(production ? {} : { PAYMENTS_TEST_CARD: 'true', TEST_CARD_WEBHOOK_SECRET: testCardSecret, TEST_CARD_WEBHOOK_URL: gatewayUrl(region).replace(/\/graphql$/, '/webhooks/payments/test-card') }),
    });
    const clientPorts = { admin: env.ADMIN_PORT, mobile: env.SHOP_PORT } as Record<string, number>;
    const clientUrl = (app: string) => `http://localhost:${clientPorts[app]}`;
    const apps = env.CLIENTS ? CLIENT_APPS : [];
    const corsOrigins = env.CORS_ORIGINS ?? ['https://studio.apollographql.com', 'http://localhost:5173', ...apps.flatMap((a) => [clientUrl(a.name), `http://127.0.0.1:${clientPorts[a.name]}`])].join(',');
    for (const spec of specs) if (spec.id.endsWith(':gateway')) spec.env.CORS_ORIGINS = corsOrigins;
    const syncWorker = regions.includes('eu') && regions.includes('cn');
    if (syncWorker) specs.push({ id: 'sync-worker', entry: path.join('sync-worker', 'src', 'main.ts'), port: env.SYNC_WORKER_PORT, env: { PORT: String(env.SYNC_WORKER_PORT), SYNC_FROM: 'eu', SYNC_TO: 'cn' } });
    // Operator endpoints: only the sync worker's have a reader here (auth's syncStatus reads /status).
    const syncOpsPort = syncWorker ? (env.SYNC_WORKER_OPS_PORT ?? (production ? env.SYNC_WORKER_PORT + 1 : 0)) : 0;
    // With --monitoring in production, every service gets an ops port (its port + 50) to be scraped on.
    const opsPortOf = (spec: ServiceSpec) => (spec.id === 'sync-worker' ? syncOpsPort : monitor && production ? spec.port + 50 : 0);
    for (const spec of specs) spec.env.OPS_PORT = String(opsPortOf(spec));

    // Every port first: a clash is reported before anything starts.
    const taken = [];
    for (const spec of specs) if (!(await portIsFree(spec.port))) taken.push(`port ${spec.port} (${spec.id}) is already in use`);
    for (const spec of specs) {
      const ops = opsPortOf(spec);
      if (ops > 0 && !(await portIsFree(ops))) taken.push(`port ${ops} (${spec.id} ops) is already in use`);
    }
    const withPrometheus = monitor && prometheusAvailable();
    if (monitor && !withPrometheus) say('monitoring: no prometheus binary on PATH (Debian: apt-get install prometheus): starting without it');
    if (withPrometheus && !(await portIsFree(env.PROMETHEUS_PORT))) taken.push(`port ${env.PROMETHEUS_PORT} (prometheus) is already in use`);
    const sinkNeeded = !production && !env.SMTP_URL;
    for (const app of apps) if (!(await portIsFree(clientPorts[app.name]!))) taken.push(`port ${clientPorts[app.name]} (${app.name} app) is already in use`);
    if (sinkNeeded) for (const [port, what] of [[env.MAIL_SINK_SMTP_PORT, 'mail sink SMTP'], [env.MAIL_SINK_HTTP_PORT, 'mail sink page']] as const) if (!(await portIsFree(port))) taken.push(`port ${port} (${what}) is already in use`);
    if (taken.length) throw new Error(`${taken.join('\n')}\nstop what holds it, or move this system with EU_PORT_BASE / CN_PORT_BASE / SYNC_WORKER_PORT / SYNC_WORKER_OPS_PORT / MAIL_SINK_SMTP_PORT / MAIL_SINK_HTTP_PORT / ADMIN_PORT / SHOP_PORT`);

    // Email goes over SMTP in every environment: development sends it to the local sink.
    if (sinkNeeded) {
      mailSink = await startMailSink({ dir: env.MAILBOX_DIR ?? path.join(REPO_ROOT, '.data', 'mailbox'), smtpPort: env.MAIL_SINK_SMTP_PORT, httpPort: env.MAIL_SINK_HTTP_PORT });
      say(`mail sink: SMTP ${mailSink.smtpUrl}, messages at ${mailSink.httpUrl}`);
    }
    const smtpUrl = env.SMTP_URL ?? mailSink?.smtpUrl;

    // The clients build while the databases and Kafka come up (one at a time: two cores).
    const builds = (async () => {
      for (const app of apps) await buildClient(REPO_ROOT, app, say, stopBuilds.signal);
    })();
    builds.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
    dbs = await providePostgres(say);
    await migrateRegions(dbs, say);
    kafka = await provideKafka(say);
    if (env.SEED ?? env.NODE_ENV !== 'production') say(`seed: ${await seedRegions(dbs)}`);

    for (const spec of specs) {
      const region = spec.id.startsWith('cn:') ? 'cn' : 'eu';
      Object.assign(spec.env, common, { KAFKA_BROKERS: kafka.brokers });
      // One sync-worker process serves both directions: catalog + users EU -> CN, users CN -> EU.
      if (spec.id === 'sync-worker') Object.assign(spec.env, { TARGET_DATABASE_URL: dbs.cn, FROM_DATABASE_URL: dbs.eu });
      else if (!spec.id.endsWith(':gateway')) spec.env.DATABASE_URL = dbs[region];
      if (region === 'cn' && regions.includes('eu')) spec.env.MASTER_REGION_ENDPOINT = gatewayUrl('eu');
      if (spec.id.endsWith(':auth') && syncWorker) spec.env.SYNC_WORKER_URL = `http://127.0.0.1:${syncOpsPort || env.SYNC_WORKER_PORT}`;
      // An OPS_TOKEN given to npm start guards every ops listener: auth sends it to the worker.
      if (spec.id.endsWith(':auth') && process.env.OPS_TOKEN) spec.env.SYNC_WORKER_TOKEN = process.env.OPS_TOKEN;
      if (spec.id.endsWith(':orders')) Object.assign(spec.env, ordersEnv(region, production));
      if (spec.id.endsWith(':notify') && smtpUrl) spec.env.SMTP_URL = smtpUrl;
    }

    const started = Date.now();
    const start = (spec: ServiceSpec) => startService(spec, REPO_ROOT, say, env.LOG_FORMAT === 'json');
    services = specs.map(start);
    say(`[supervisor] started ${services.map((s) => `${s.spec.id} (pid ${s.child.pid})`).join(', ')}`);
    const deadline = started + env.START_TIMEOUT_SECONDS * 1000;
    await waitAllReady(() => services, { timeoutMs: deadline - Date.now(), write: say });
    // Every service has been ready: from here a crash is restarted rather than fatal.
    restarts = superviseRestarts(services, {
      policy: { max: env.RESTART_MAX, windowMs: env.RESTART_WINDOW_SECONDS * 1000 },
      start,
      write: say,
      onAllGivenUp: () => void shutdown(1, 'every service was given up on'),
    });
    await builds;
    const clientConfig: ClientRuntimeConfig = { endpoints: Object.fromEntries(regions.map((r) => [r, gatewayUrl(r)])), defaultRegion: regions[0]! };
    clientServers = await Promise.all(apps.map((app) => serveClient(path.join(REPO_ROOT, 'clients', app.name, 'dist'), clientPorts[app.name]!, clientConfig)));
    // Readiness again, at once for all, right before the line that says so: the builds may have
    // taken a while, and a service may have fallen back or been restarted meanwhile.
    const current = restarts;
    const serving = () => current.running().filter((s) => !current.givenUp().includes(s.spec.id));
    await waitAllReady(serving, { timeoutMs: Math.max(deadline - Date.now(), 10_000), write: say, failOnExit: false });
    if (withPrometheus) {
      // Development serves /metrics on each service's own port; production on its ops port.
      const targets = specs.map((spec) => ({ job: `miw-${spec.id.replace(/^(eu|cn):/, '')}`, address: `127.0.0.1:${opsPortOf(spec) || spec.port}` }));
      monitoring = await startPrometheus({ targets, root: REPO_ROOT, port: env.PROMETHEUS_PORT, say });
    }
    const givenUp = current.givenUp();
    const clientsLine = apps.map((app) => ` · ${app.name === 'mobile' ? 'shop' : app.name} ${clientUrl(app.name)}`).join('');
    say(`ready: ${regions.map((r) => `${r.toUpperCase()} gateway ${gatewayUrl(r)}`).join(' · ')}${clientsLine}${mailSink ? ` · mailbox ${mailSink.httpUrl}` : ''}${monitoring ? ` · prometheus ${monitoring.url}` : ''}${givenUp.length ? ` · WITHOUT ${givenUp.join(', ')} (given up, see above)` : ''} (services up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    process.stderr.write(`start failed: ${(error as Error).message}\n`);
    await shutdown(1, 'start-up failure');
  }
}

void main();
