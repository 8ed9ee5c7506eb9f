/** Helpers for integration and end-to-end tests. */
import { createHmac, randomUUID } from 'node:crypto';
import type { BaseContext } from '@apollo/server';
import { INTERNAL_HEADER, loadKeySetFile, signAccessToken, signInternalToken, unseal, type KeySet, type UserViewer, type Viewer } from '@miw/auth';
import { DomainServiceEnv, parseEnv, type Region } from '@miw/config';
import { createLogger, type Logger } from '@miw/logging';
import type { EventBus } from '@miw/events';
import { startDomainSubgraph, type DomainDeps, type RunningSubgraph, type SubgraphApp } from '@miw/service-kit';
import { readTestInfra, testTopicPrefix } from './infra';

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const testLogger = (service: string): Logger => createLogger({ service, level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface TestSubgraphOptions<Ctx extends BaseContext> {
  domain: string;
  databaseUrl: string;
  region?: Region;
  topicPrefix?: string;
  createApp(deps: DomainDeps): SubgraphApp<Ctx>;
  onQuery?: (sql: string) => void;
  env?: Record<string, string>;
  /** Defaults to a silent logger. */
  logger?: Logger;
}

/**
 * The topic prefix of subgraphs a test file starts without one: one per test file (jest loads
 * this module once per file), so files running side by side never share topics or consumer
 * groups, while the subgraphs of one file still reach each other.
 */
let filePrefix: string | undefined;
const defaultTopicPrefix = (): string => (filePrefix ??= testTopicPrefix('file'));

/** Starts a subgraph exactly as main.ts does, on a free port, against the test infrastructure. */
export function startTestSubgraph<Ctx extends BaseContext>(opts: TestSubgraphOptions<Ctx>): Promise<RunningSubgraph> {
  const { kafkaBrokers, internalSecret, secrets } = readTestInfra();
  const env = parseEnv(opts.domain, DomainServiceEnv, {
    INTERNAL_TOKEN_SECRET: internalSecret,
    ...secrets,
    NODE_ENV: 'test',
    REGION: opts.region ?? 'eu',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: opts.databaseUrl,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: opts.topicPrefix ?? defaultTopicPrefix(),
    OUTBOX_POLL_MS: '200',
    DB_POOL_MAX: '5',
    // Orders: inventory on a closed port unless the test starts one (INVENTORY_URL), and the
    // test-card simulator delivering its webhooks to the orders service itself.
    INVENTORY_URL: 'http://127.0.0.1:9',
    PAYMENTS_TEST_CARD: 'true',
    ...opts.env,
  });
  return startDomainSubgraph({ domain: opts.domain, env, logger: opts.logger ?? testLogger(opts.domain), createApp: opts.createApp, ...(opts.onQuery ? { onQuery: opts.onQuery } : {}) });
}

export interface GraphQLResponse<D = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: Record<string, unknown>;
}

let keys: Promise<KeySet> | undefined;
/** The run's access-token key set. */
export const testKeys = (): Promise<KeySet> => (keys ??= loadKeySetFile(readTestInfra().authKeysFile));

/** A valid access token for `viewer`, signed with the run's keys. */
export async function accessTokenFor(viewer: UserViewer): Promise<string> {
  return (await signAccessToken(await testKeys(), viewer)).token;
}

/** Headers a gateway would send a subgraph for `viewer` (null: anonymous) calling from `clientIp`. */
export async function internalHeaders(viewer: Viewer, clientIp: string | null = null): Promise<Record<string, string>> {
  return { [INTERNAL_HEADER]: await signInternalToken(readTestInfra().internalSecret, viewer, 'test-correlation', clientIp) };
}

/**
 * POSTs a GraphQL operation and returns status, headers and the parsed body. Unless `headers`
 * sets `x-miw-internal` (an empty value sends none), the request carries an anonymous internal
 * token, as the gateway's calls to subgraphs do (gateways ignore it).
 */
export async function graphql<D = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<D>> {
  const all: Record<string, string> = { 'content-type': 'application/json', ...(INTERNAL_HEADER in headers ? {} : await internalHeaders(null)), ...headers };
  if (all[INTERNAL_HEADER] === '') delete all[INTERNAL_HEADER];
  const res = await fetch(url, {
    method: 'POST',
    headers: all,
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: Omit<GraphQLResponse<D>, 'status' | 'headers'>;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`non-JSON response ${res.status} from ${url}: ${text.slice(0, 300)}`);
  }
  return { status: res.status, headers: res.headers, ...body };
}

/**
 * Collects SQL statements (pass `counter.onQuery` to a subgraph), ignoring transaction control and
 * background work that runs on the same pool whatever the request (statements tagged
 * `/* miw:background *\/`: the outbox relay's claim, notify's pollers).
 */
export function sqlCounter() {
  const statements: string[] = [];
  return {
    onQuery: (sql: string) => {
      if (!/^\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW|SAVEPOINT|RELEASE)\b/i.test(sql) && !sql.includes('/* miw:background */')) statements.push(sql);
    },
    reset: () => void (statements.length = 0),
    get count() {
      return statements.length;
    },
    statements,
  };
}

/**
 * Pins N+1: runs `request(n)` for n = 1, 10 and 100 and asserts the SQL statement count is the
 * same non-zero number each time. Returns the counts.
 */
export async function expectConstantStatements(counter: ReturnType<typeof sqlCounter>, request: (n: number) => Promise<unknown>, sizes = [1, 10, 100]): Promise<number[]> {
  const counts: number[] = [];
  for (const n of sizes) {
    counter.reset();
    await request(n);
    counts.push(counter.count);
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts).toEqual(sizes.map(() => counts[0]));
  return counts;
}

/**
 * Collects every message of `topic` from its beginning (a fresh consumer group) until `until`
 * holds for the values read so far; stops its consumer and returns them.
 */
export async function readTopicUntil(bus: EventBus, topic: string, until: (values: unknown[]) => boolean, timeoutMs = 30_000): Promise<unknown[]> {
  const values: unknown[] = [];
  const consumer = bus.consumer({
    groupId: `test-reader-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    handle: async (message) => void values.push(message.value ? JSON.parse(message.value.toString('utf8')) : null),
  });
  await consumer.start();
  try {
    await waitFor(() => until(values), { timeoutMs, what: `messages on ${topic}` });
    return values;
  } finally {
    await consumer.stop();
  }
}

/** What the auth service stores for an API key under this run's API_KEY_SECRET (tests inserting keys directly). */
export const storedApiKeyHash = (key: string): string => createHmac('sha256', readTestInfra().secrets.API_KEY_SECRET).update(key).digest('base64url');

/** The login codes the auth service sealed into its outbox for delivery, oldest first. */
export async function sentLoginCodes(authPool: { query: (sql: string) => Promise<{ rows: { envelope: { payload: { email: string; sealedCode: string } } }[] }> }): Promise<{ email: string; code: string }[]> {
  const { rows } = await authPool.query(`SELECT envelope FROM auth.outbox WHERE type = 'auth.login_code.issued' ORDER BY id`);
  return rows.map((r) => ({ email: r.envelope.payload.email, code: unseal(readTestInfra().secrets.LOGIN_CODE_SEAL_SECRET, r.envelope.payload.sealedCode) }));
}

/**
 * Calls a gateway as a viewer (null: anonymous), minting each viewer's access token once: what
 * every through-the-gateway test harness does.
 */
export function gatewayCaller(url: () => string) {
  const tokens = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked by value (toMatchObject), not by type
  return async <D = Record<string, any>>(who: UserViewer | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<D>> => {
    let headers: Record<string, string> = {};
    if (who) {
      const token = tokens.get(who.userId) ?? (await accessTokenFor(who));
      tokens.set(who.userId, token);
      headers = { authorization: `Bearer ${token}` };
    }
    return graphql<D>(url(), query, variables, headers);
  };
}
