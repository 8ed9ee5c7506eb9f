/**
 * The orders subgraph: carts and orders, region-locked (they stay in the region of their store and
 * are never replicated, so this subgraph emits no cross-region events).
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool and start the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type OrdersContext } from './context';
import { createOrdersDb } from './data/db';
import { resolvers } from './resolvers';
import { rules } from './rules';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export function createApp({ env, pool }: DomainDeps): SubgraphApp<OrdersContext> {
  const db = createOrdersDb(pool);
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers }]), rules, (ctx: OrdersContext) => ctx.viewer);
  return {
    schema,
    context: ({ correlationId, logger, viewer }) => ({ db, region: env.REGION, correlationId, logger, viewer, loaders: createLoaders(db) }),
    close: () => db.$disconnect(),
  };
}
export { rules } from './rules';
