/**
 * The inventory subgraph: stock per store and product, region-locked. It contributes
 * `inventoryLevels` and `availability` to the catalog's Product and Store entities, and runs the
 * supply chain: stock movements, stock requests, shipments, tracking and delivery verification.
 * Orders reserves, sells and releases stock through internal HTTP routes (src/internal.ts), and
 * reads a store's availability per product as the `StoreStock` entity.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type InventoryContext } from './context';
import { createInventoryDb } from './data/db';
import { createCatalogProjection } from './events/catalog-projection';
import { createInventoryLiveEvents, type InventoryLiveEvents } from './events/live';
import { createOrganizationProjection } from './events/organization-projection';
import { mountReservationRoutes } from './internal';
import { createResolvers } from './resolvers';
import { rules } from './rules';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export function createApp({ env, pool, logger }: DomainDeps): SubgraphApp<InventoryContext> {
  const db = createInventoryDb(pool);
  // Subscriptions: the live event source is created with the service's workers (it needs the bus).
  let live: InventoryLiveEvents | undefined;
  const resolvers = createResolvers(() => live);
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers }]), rules, (ctx: InventoryContext) => ctx.viewer);
  const context = ({ correlationId, logger: requestLogger, viewer }: Pick<InventoryContext, 'correlationId' | 'logger' | 'viewer'>): InventoryContext => ({ db, pool, region: env.REGION, correlationId, logger: requestLogger, viewer, loaders: createLoaders(db, pool) });
  return {
    schema,
    context,
    subscriptionContext: context,
    configure: (app) => mountReservationRoutes(app, { pool, region: env.REGION, logger, internalSecret: env.INTERNAL_TOKEN_SECRET }),
    workers: ({ bus, topicPrefix }) => [
      createCatalogProjection({ domain: 'inventory', bus, pool, region: env.REGION, topicPrefix, logger }),
      createOrganizationProjection({ domain: 'inventory', bus, pool, region: env.REGION, topicPrefix, logger }),
      (live = createInventoryLiveEvents({ bus, region: env.REGION, topicPrefix, logger })),
    ],
    close: () => db.$disconnect(),
  };
}
export { rules } from './rules';
export { visibleTo, type Audience } from './domain/audience';
