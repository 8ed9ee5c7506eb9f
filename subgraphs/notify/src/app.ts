/**
 * The notify subgraph: in-app notifications, region-locked (never copied to another region).
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool and start the server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { requireSecret } from '@miw/config';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createLoaders, type NotifyContext } from './context';
import { createNotifyDb } from './data/db';
import { resolvers } from './resolvers';
import { createLoginCodeConsumer } from './events/login-codes';
import { unconfiguredMailer, type Mailer } from './mail';
import { rules } from './rules';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export interface NotifyDeps extends DomainDeps {
  /** Outgoing email; default: none configured (messages are logged as dropped). */
  mailer?: Mailer;
}

export function createApp({ env, pool, logger, mailer = unconfiguredMailer(logger) }: NotifyDeps): SubgraphApp<NotifyContext> {
  const sealSecret = requireSecret(env, 'LOGIN_CODE_SEAL_SECRET', 'notify');
  const db = createNotifyDb(pool);
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers }]), rules, (ctx: NotifyContext) => ctx.viewer);
  return {
    schema,
    context: ({ correlationId, logger: requestLogger, viewer }) => ({ db, region: env.REGION, correlationId, logger: requestLogger, viewer, loaders: createLoaders(db) }),
    workers: ({ bus, topicPrefix }) => [createLoginCodeConsumer({ bus, pool, region: env.REGION, topicPrefix, mailer, sealSecret, logger })],
    close: () => db.$disconnect(),
  };
}
export { rules } from './rules';
export { fileMailer, type Email, type Mailer } from './mail';
