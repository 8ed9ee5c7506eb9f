/**
 * `npm run build`: the production build. One TypeScript program (tsconfig.build.json, type checked)
 * compiles every service, the packages they import and the production scripts to CommonJS; each
 * workspace's `src/` then becomes `<workspace>/dist/` (same depth, so paths built from `__dirname`
 * such as `prisma/<domain>/schema.prisma` stay right) and `scripts/*.ts` becomes `scripts/dist/`.
 * The files read at run time beside the code (`schema.graphql`) are copied next to the JavaScript.
 *
 * Production resolves `@miw/*` to `dist/` through the `miw-dist` export condition:
 *   node --conditions=miw-dist subgraphs/catalog/dist/main.js
 * Without it (tsx, jest, Vite, tsc) the packages resolve to their TypeScript sources, as before.
 *
 *   npm run build                 services and scripts
 *   npm run build -- --clients    also the web clients (clients/<app>/dist, see scripts/lib/clients.ts)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildClient, CLIENT_APPS } from './lib/clients';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'node_modules', '.cache', 'miw-build');
/** Files other than TypeScript that the code reads from its own folder at run time. */
const RUNTIME_ASSET = /\.graphql$/;

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Every workspace whose `src/` is compiled: the packages, the subgraphs, the gateway, the sync worker. */
function serviceWorkspaces(root: string): string[] {
  const under = (dir: string) =>
    readdirSync(path.join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(root, dir, d.name, 'package.json')))
      .map((d) => `${dir}/${d.name}`);
  return [...under('packages'), ...under('subgraphs'), 'gateway', 'sync-worker'].sort();
}

function compile(): void {
  rmSync(OUT, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--noEmitOnError'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`tsc failed (exit ${run.status ?? run.signal}): nothing was written to dist/`);
}

function copyAssets(from: string, to: string): number {
  let copied = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'generated' || entry.name === 'node_modules') continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copied += copyAssets(source, path.join(to, entry.name));
    else if (RUNTIME_ASSET.test(entry.name)) {
      cpSync(source, path.join(to, entry.name));
      copied += 1;
    }
  }
  return copied;
}

/** Moves `<cache>/<from>` to `<to>` (replacing it); false when tsc emitted nothing there. */
function place(from: string, to: string): boolean {
  const emitted = path.join(OUT, from);
  if (!existsSync(emitted)) return false;
  rmSync(path.join(ROOT, to), { recursive: true, force: true });
  renameSync(emitted, path.join(ROOT, to));
  return true;
}

async function main() {
  const started = Date.now();
  const withClients = process.argv.includes('--clients');
  say('build: compiling (tsconfig.build.json) ...');
  compile();
  const placed: string[] = [];
  let assets = 0;
  for (const workspace of serviceWorkspaces(ROOT)) {
    if (!place(`${workspace}/src`, `${workspace}/dist`)) continue;
    assets += copyAssets(path.join(ROOT, workspace, 'src'), path.join(ROOT, workspace, 'dist'));
    placed.push(workspace);
  }
  rmSync(path.join(ROOT, 'scripts', 'dist'), { recursive: true, force: true });
  // scripts/*.ts sit at the top of the emitted scripts folder (no src/): move it whole.
  if (place('scripts', 'scripts/dist')) placed.push('scripts');
  rmSync(OUT, { recursive: true, force: true });
  say(`build: ${placed.length} folders to dist/ (${placed.join(', ')}), ${assets} schema files copied`);
  if (withClients) {
    for (const app of CLIENT_APPS) say(`build: client ${app.name} ${await buildClient(ROOT, app, say)}`);
  }
  say(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${(error as Error).message}\n`);
  process.exit(1);
});
