/**
 * The production build: `npm run build` compiles the services to dist/, and they run from there
 * as the image runs them (`node --conditions=miw-dist <workspace>/dist/main.js`, NODE_ENV=production,
 * no TypeScript loader in argv, execArgv or NODE_OPTIONS): the database job loads the demo data
 * through the compiled Prisma clients, the catalog subgraph gets ready on PostgreSQL and Kafka, and
 * the gateway answers a query planned onto it. Every command the Dockerfile and
 * docker-compose.yml name exists once built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createTestDatabase, graphql, readTestInfra, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { loaderIn, REPO_ROOT, startMeasured, type StartedService, type StartupSetting } from '../../bench/lib/startup';

/** The environment of a production process: nothing inherited from jest (its NODE_OPTIONS above all). */
const productionEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_ENV: 'production', ...extra });

describe('production build: services from dist/ without a TypeScript loader', () => {
  let eu: TestDatabase;
  let cn: TestDatabase;
  let setting: StartupSetting;
  const running: StartedService[] = [];

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8' });
    expect({ status: build.status, output: build.status === 0 ? '' : build.stdout + build.stderr }).toEqual({ status: 0, output: '' });
    [eu, cn] = await Promise.all([createTestDatabase('disteu'), createTestDatabase('distcn')]);
    const infra = readTestInfra();
    setting = {
      databaseUrl: eu.url,
      kafkaBrokers: infra.kafkaBrokers.join(','),
      topicPrefix: testTopicPrefix('dist'),
      authKeysFile: infra.authKeysFile,
      secrets: { INTERNAL_TOKEN_SECRET: infra.internalSecret, LOGIN_CODE_SECRET: infra.secrets.LOGIN_CODE_SECRET, LOGIN_CODE_SEAL_SECRET: infra.secrets.LOGIN_CODE_SEAL_SECRET, API_KEY_SECRET: infra.secrets.API_KEY_SECRET },
      nodeEnv: 'production',
    };
  }, 300_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await Promise.all([eu?.drop(), cn?.drop()]);
  });

  it('writes every entry point the Dockerfile and docker-compose.yml run, with the schema files beside the code', () => {
    const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { command?: string[] | string }> };
    const commands = Object.values(compose.services).map((s) => (Array.isArray(s.command) ? s.command.join(' ') : (s.command ?? '')));
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'))![1]!;
    commands.push((JSON.parse(cmd) as string[]).join(' '));
    const entries = [...new Set(commands.flatMap((c) => c.match(/[\w/-]+\/dist\/[\w/-]+\.js/g) ?? []))];
    expect(entries.length).toBeGreaterThanOrEqual(7);
    for (const entry of entries) expect({ entry, built: existsSync(path.join(REPO_ROOT, entry)) }).toEqual({ entry, built: true });
    for (const domain of ['auth', 'catalog', 'inventory', 'orders', 'notify']) {
      expect(existsSync(path.join(REPO_ROOT, 'subgraphs', domain, 'dist', 'schema.graphql'))).toBe(true);
      expect(existsSync(path.join(REPO_ROOT, 'subgraphs', domain, 'dist', 'generated', 'prisma', 'client.js'))).toBe(true);
    }
  });

  it('migrates and seeds both regions with the compiled database job (the Prisma clients from dist/)', () => {
    const job = spawnSync(process.execPath, ['--conditions=miw-dist', 'scripts/dist/db-deploy.js', '--seed'], {
      cwd: REPO_ROOT,
      env: productionEnv({ NODE_ENV: 'development', PG_URL_EU: eu.url, PG_URL_CN: cn.url }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: job.status, stderr: job.stderr }).toEqual({ status: 0, stderr: '' });
    expect(job.stdout).toMatch(/eu \(.*\) migrated \(up to date\)/);
    expect(job.stdout).toMatch(/seed: eu: \d+ identities, [1-9]\d* catalog entities/);
    // ... and refuses demo data in production.
    const refused = spawnSync(process.execPath, ['--conditions=miw-dist', 'scripts/dist/db-deploy.js', '--seed'], { cwd: REPO_ROOT, env: productionEnv({ PG_URL_EU: eu.url, PG_URL_CN: cn.url }), encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to seed demo data with NODE_ENV=production/);
  }, 150_000);

  it('runs the catalog subgraph and the gateway from dist/ in production, with no loader, answering through the gateway', async () => {
    const catalog = await startMeasured('catalog', 'dist', setting);
    running.push(catalog);
    const gateway = await startMeasured('gateway', 'dist', setting, { env: { SUBGRAPH_URL_CATALOG: `${catalog.origin}/graphql` } });
    running.push(gateway);
    for (const service of [catalog, gateway]) {
      expect({ service: service.service, loader: loaderIn(service) }).toEqual({ service: service.service, loader: undefined });
      expect(service.cmdline.slice(1)).toEqual(['--conditions=miw-dist', expect.stringMatching(/\/dist\/main\.js$/)]);
      expect(service.nodeOptions).toBe('');
    }
    await waitFor(async () => (await fetch(`${catalog.origin}/readyz`)).status === 200, { timeoutMs: 60_000, what: 'catalog /readyz 200' });
    const answer = await graphql<{ categories: { id: string }[] }>(`${gateway.origin}/graphql`, '{ categories { id } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.categories.length).toBeGreaterThan(0);
    process.stdout.write(`from dist/: catalog /healthz after ${catalog.startMs.toFixed(0)} ms, gateway after ${gateway.startMs.toFixed(0)} ms\n`);
  }, 150_000);
});
