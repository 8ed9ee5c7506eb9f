/**
 * The subgraph shape of CONTRIBUTING.md is enforced by ESLint: these imports fail `npm run lint`.
 * ESLint runs as its own process on text given on stdin, named as a file of each layer.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
jest.setTimeout(120_000);

function lint(file: string, text: string): string {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: ROOT, input: text, encoding: 'utf8' });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n');
}

describe('layering rules', () => {
  it.each([
    ['a resolver importing another resolver file', 'subgraphs/orders/src/resolvers/extra.ts', "import { Query } from './query';\nexport const q = Query;\n", 'never imports another'],
    ['a resolver reaching into data/', 'subgraphs/orders/src/resolvers/extra.ts', "import { createOrdersDb } from '../data/db';\nexport const d = createOrdersDb;\n", 'resolvers call services'],
    ['domain/ doing I/O', 'subgraphs/orders/src/domain/extra.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'domain/ is pure'],
    ['a subgraph importing another', 'subgraphs/orders/src/services/extra.ts', "import { createApp } from '@miw/subgraph-catalog';\nexport const c = createApp;\n", 'never on another subgraph'],
  ])('refuses %s', (_what, file, text, message) => {
    expect(lint(file, text)).toContain(message);
  });

  it('allows type imports of row types in resolvers and the index importing its resolver files', () => {
    expect(lint('subgraphs/orders/src/resolvers/extra.ts', "import type { Order } from '../data/db';\nexport type O = Order;\n")).toBe('');
    expect(lint('subgraphs/orders/src/resolvers/index.ts', "import { Query } from './query';\nexport const resolvers = { Query };\n")).toBe('');
  });
});
