/**
 * The inventory subgraph: stock per store and product, region-locked. It contributes
 * `inventoryLevels` to the catalog's Product and Store entities.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type InventoryContext } from './context';
import { createInventoryDb } from './data/db';
import { resolvers } from './resolvers';
import { rules } from './rules';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export function createApp({ pool }: DomainDeps): SubgraphApp<InventoryContext> {
  const db = createInventoryDb(pool);
  const schema = applyAccessRules(buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }), rules, (ctx: InventoryContext) => ctx.viewer);
  return {
    schema,
    context: ({ correlationId, logger, viewer }) => ({ db, correlationId, logger, viewer, loaders: createLoaders(db) }),
    close: () => db.$disconnect(),
  };
}
export { rules } from './rules';
