/**
 * The catalog subgraph: global products, categories, manufacturers and stores.
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool and start the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type CatalogContext } from './context';
import { createCatalogDb } from './data/db';
import { resolvers } from './resolvers';
import { rules } from './rules';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export function createApp({ env, pool }: DomainDeps): SubgraphApp<CatalogContext> {
  const db = createCatalogDb(pool);
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers }]), rules, (ctx: CatalogContext) => ctx.viewer);
  return {
    schema,
    context: ({ correlationId, logger, viewer }) => ({ db, pool, region: env.REGION, correlationId, logger, viewer, masterEndpoint: env.MASTER_REGION_ENDPOINT, loaders: createLoaders(db, pool) }),
    close: () => db.$disconnect(),
  };
}

export { applyCatalogEvent, InvalidReplicationEvent, isCatalogEntity, type ApplyOutcome } from './events/replication';
export { rules } from './rules';
