/**
 * The auth subgraph: users and the organizations they act for.
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool and start the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type AuthContext } from './context';
import { createAuthDb } from './data/db';
import { resolvers } from './resolvers';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export function createApp({ env, pool }: DomainDeps): SubgraphApp<AuthContext> {
  const db = createAuthDb(pool);
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
  return {
    schema,
    context: ({ correlationId, logger }) => ({ db, region: env.REGION, correlationId, logger, viewer: null, loaders: createLoaders(db) }),
    close: () => db.$disconnect(),
  };
}
