/**
 * The auth subgraph: users, the organizations they act for, passwordless login and sessions.
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool, keys and delivery.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules, DEFAULT_TOKEN_SETTINGS, type KeySet, type TokenSettings } from '@miw/auth';
import { requireSecret } from '@miw/config';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type AuthContext } from './context';
import { createAuthDb } from './data/db';
import { createAuditFeed } from './events/audit-consumer';
import { resolvers } from './resolvers';
import { mountInternalRoutes } from './internal';
import { rules } from './rules';
import type { Credentials } from './services/sessions';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export interface AuthDeps extends DomainDeps {
  /** The access-token key set, with private keys (this service signs). */
  keys: KeySet;
  tokenSettings?: TokenSettings;
  /** Base URL of this region's sync worker (health port), for `syncStatus`. */
  syncWorkerUrl?: string;
  /** The sync worker's ops token (its OPS_TOKEN), when its ops listener requires one. */
  syncWorkerToken?: string;
}

export function createApp({ env, pool, logger, keys, tokenSettings = DEFAULT_TOKEN_SETTINGS, syncWorkerUrl, syncWorkerToken }: AuthDeps): SubgraphApp<AuthContext> {
  if (!keys.signing) throw new Error('the auth service needs the private key set (AUTH_KEYS_FILE) to sign access tokens');
  const db = createAuthDb(pool);
  const credentials: Credentials = {
    keys,
    tokenSettings,
    codeSecret: requireSecret(env, 'LOGIN_CODE_SECRET', 'auth'),
    sealSecret: requireSecret(env, 'LOGIN_CODE_SEAL_SECRET', 'auth'),
    apiKeySecret: requireSecret(env, 'API_KEY_SECRET', 'auth'),
  };
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers }]), rules, (ctx: AuthContext) => ctx.viewer);
  return {
    schema,
    context: ({ correlationId, logger: requestLogger, viewer, clientIp }) => ({ db, region: env.REGION, correlationId, logger: requestLogger, viewer, clientIp, credentials, loaders: createLoaders(db), syncWorkerUrl, syncWorkerToken }),
    configure: (app) => {
      app.get('/.well-known/jwks.json', (_req, res) => void res.set('cache-control', 'public, max-age=300').json(keys.jwks));
      mountInternalRoutes(app, { db, internalSecret: env.INTERNAL_TOKEN_SECRET, region: env.REGION, credentials });
    },
    // Admin actions of catalog, inventory and orders in this region, into the one audit log.
    workers: ({ bus, topicPrefix }) => [createAuditFeed({ bus, db, region: env.REGION, topicPrefix, logger })],
    close: () => db.$disconnect(),
  };
}
export { rules } from './rules';
