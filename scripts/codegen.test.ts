/**
 * The committed resolver types and client documents match the schemas: CI fails when `npm run codegen` was not run.
 * GraphQL Code Generator loads ES modules that jest's module system cannot, so the check runs as
 * its own process (`npm run codegen -- --check`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(120_000);

it('every subgraph has generated resolver types, every client typed documents, and none is stale', () => {
  const root = path.resolve(__dirname, '..');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'codegen.ts'), '--check', '--list'], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const listed = run.stdout.trim().split('\n');
  expect(listed).toEqual(expect.arrayContaining(['auth', 'catalog', 'inventory', 'notify', 'orders'].map((d) => `subgraphs/${d}/src/schema.generated.ts`)));
  // Every client's typed documents (client preset), checked against the committed supergraph.
  expect(listed).toEqual(expect.arrayContaining(['shared', 'admin', 'mobile', 'partner'].map((app) => `clients/${app}/src/gql/graphql.ts`)));
});
