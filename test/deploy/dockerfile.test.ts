/**
 * The Dockerfile, read without a Docker engine: its stages and what each takes from the others,
 * the runtime's user, health check and writable paths, and the workspaces its production install
 * keeps against what the services import. test/e2e/build.test.ts checks that the commands it and
 * docker-compose.yml name exist after `npm run build`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Instruction {
  keyword: string;
  args: string;
  stage: string;
}

/** The instructions, continuation lines joined, comments dropped, each with the stage it belongs to. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const out: Instruction[] = [];
  let stage = '';
  for (const line of joined.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [, keyword = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stage = /\sAS\s+(\S+)/i.exec(args)?.[1] ?? `#${out.length}`;
    out.push({ keyword: keyword.toUpperCase(), args, stage });
  }
  return out;
}

const steps = instructions(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const stages = [...new Set(steps.filter((s) => s.keyword === 'FROM').map((s) => s.stage))];
const runtime = stages.at(-1)!;
const inRuntime = (keyword: string) => steps.filter((s) => s.stage === runtime && s.keyword === keyword);

/** The @miw workspaces a workspace depends on, transitively (dependencies only, not devDependencies). */
function workspaceDeps(): Map<string, string[]> {
  const manifests = new Map<string, { dir: string; deps: string[] }>();
  for (const group of ['packages', 'subgraphs']) {
    for (const name of readdirSync(path.join(ROOT, group))) {
      const file = path.join(ROOT, group, name, 'package.json');
      if (existsSync(file)) manifests.set(`${group}/${name}`, { dir: `${group}/${name}`, deps: [] });
    }
  }
  manifests.set('gateway', { dir: 'gateway', deps: [] });
  manifests.set('sync-worker', { dir: 'sync-worker', deps: [] });
  const byName = new Map<string, string>();
  for (const dir of manifests.keys()) {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
    byName.set(manifest.name, dir);
    manifests.get(dir)!.deps = Object.keys(manifest.dependencies ?? {});
  }
  return new Map([...manifests].map(([dir, m]) => [dir, m.deps.filter((d) => byName.has(d)).map((d) => byName.get(d)!)]));
}

describe('Dockerfile', () => {
  it('is multi-stage, and every COPY --from names an earlier stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const [i, step] of steps.entries()) {
      const from = /--from=(\S+)/.exec(step.args)?.[1];
      if (step.keyword !== 'COPY' || !from) continue;
      const earlier = steps.slice(0, i).filter((s) => s.keyword === 'FROM').map((s) => s.stage);
      expect({ copy: step.args, from, known: earlier.includes(from) && from !== step.stage }).toEqual({ copy: step.args, from, known: true });
    }
  });

  it('builds with the full install and `npm run build`, and installs only production dependencies for the runtime', () => {
    const runs = steps.filter((s) => s.keyword === 'RUN').map((s) => s.args);
    expect(runs.some((r) => /npm ci\b(?!.*--omit=dev)/.test(r) && /npm run build/.test(r))).toBe(true);
    expect(runs.some((r) => /npm ci\b.*--omit=dev/.test(r) && /--ignore-scripts/.test(r))).toBe(true);
    // The runtime stage installs nothing itself and never runs TypeScript.
    expect(inRuntime('RUN').map((s) => s.args).join('\n')).not.toMatch(/npm (ci|install)|tsx|tsc\b/);
  });

  it('keeps, in the production install, every workspace the services import', () => {
    const install = steps.find((s) => s.keyword === 'RUN' && /--omit=dev/.test(s.args))!.args;
    const kept = [...install.matchAll(/--workspace=(\S+)/g)].map((m) => m[1]!);
    const deps = workspaceDeps();
    for (const dir of kept) expect({ dir, exists: deps.has(dir) }).toEqual({ dir, exists: true });
    const needed = new Set<string>();
    const visit = (dir: string) => {
      if (needed.has(dir)) return;
      needed.add(dir);
      for (const d of deps.get(dir) ?? []) visit(d);
    };
    for (const entry of ['gateway', 'sync-worker', ...[...deps.keys()].filter((d) => d.startsWith('subgraphs/'))]) visit(entry);
    expect([...needed].filter((d) => !kept.includes(d))).toEqual([]);
  });

  it('runs as a non-root numeric user, writes only under /tmp, and has a HEALTHCHECK', () => {
    const user = inRuntime('USER').at(-1)?.args ?? '';
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(inRuntime('HEALTHCHECK')).toHaveLength(1);
    expect(inRuntime('HEALTHCHECK')[0]!.args).toMatch(/\/readyz/);
    const env = inRuntime('ENV').map((s) => s.args).join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    for (const cache of ['npm_config_cache', 'XDG_CACHE_HOME']) expect(env).toMatch(new RegExp(`${cache}=/tmp/`));
  });

  it('starts compiled JavaScript with the miw-dist condition and no TypeScript loader', () => {
    const cmd = JSON.parse(inRuntime('CMD').at(-1)!.args) as string[];
    expect(cmd).toEqual(['node', '--conditions=miw-dist', expect.stringMatching(/^[\w/-]+\/dist\/main\.js$/)]);
    expect(inRuntime('ENTRYPOINT')).toHaveLength(0);
    expect(steps.filter((s) => s.stage === runtime).map((s) => s.args).join('\n')).not.toMatch(/--import|tsx|ts-node/);
  });
});
