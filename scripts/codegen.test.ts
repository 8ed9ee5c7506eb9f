/** The committed resolver types match the schemas: CI fails when `npm run codegen` was not run. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateAll } from './codegen';

jest.setTimeout(120_000);

it('every subgraph has generated resolver types, and none is stale', async () => {
  const results = await generateAll();
  expect(results.map((r) => path.basename(path.dirname(path.dirname(r.file)))).sort()).toEqual(['auth', 'catalog', 'inventory', 'notify', 'orders']);
  for (const { file, content } of results) {
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (committed !== content) throw new Error(`${path.relative(path.resolve(__dirname, '..'), file)} is stale: run npm run codegen and commit it`);
  }
});
