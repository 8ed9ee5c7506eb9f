import { readFileSync } from 'node:fs';
import { composeSupergraph } from './compose';
import { SUPERGRAPH_FILE } from './subgraphs';

describe('the supergraph', () => {
  const result = composeSupergraph();

  it('composes without errors', () => {
    expect(result.errors).toEqual([]);
  });

  it('is committed up to date (run `npm run compose` after changing a subgraph schema)', () => {
    const committed = readFileSync(SUPERGRAPH_FILE, 'utf8');
    expect(committed.trimEnd()).toBe(result.supergraphSdl!.trimEnd());
  });

  it('exposes the foundation fields', () => {
    const sdl = result.supergraphSdl!;
    for (const field of ['products(', 'product(id: ID!)', 'createProduct(', 'inventoryLevels: [InventoryLevel!]', 'me: User']) expect(sdl).toContain(field);
  });
});
