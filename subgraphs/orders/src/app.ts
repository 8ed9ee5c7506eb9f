/**
 * The orders subgraph: carts, checkout, orders and payments, region-locked (they stay in the
 * region of their store; order events go to this region's topic only). It keeps projections of
 * catalog and user facts, reserves stock through inventory's internal routes, takes payment
 * webhooks on /webhooks/payments/<provider> (the gateway forwards them), serves the live order
 * subscriptions and runs the reconciler that expires unpaid orders and releases orphaned stock.
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool and start the server.
 */
import { checkouts, orderTransitions } from './metrics';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { parse } from 'graphql';
import type { DomainDeps, SubgraphApp } from '@miw/service-kit';
import { createReservationsClient } from './clients/reservations';
import { createLoaders, type Commerce, type OrdersContext } from './context';
import { createOrdersDb } from './data/db';
import { createOrdersLiveEvents, type OrdersLiveEvents } from './events/live';
import { createCatalogProjection, createUserProjection } from './events/projections';
import { createPaymentProviders, mountPaymentWebhooks } from './payments';
import { createResolvers } from './resolvers';
import { rules } from './rules';
import { applyPaymentEvent } from './services/payments';
import { createReconciler } from './services/reconciler';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export function createApp({ env, pool, logger, metrics }: DomainDeps): SubgraphApp<OrdersContext> {
  checkouts.bind(metrics);
  orderTransitions.bind(metrics);
  if (!env.INVENTORY_URL) throw new Error('orders: INVENTORY_URL is not set (the base URL of this region\'s inventory service)');
  const db = createOrdersDb(pool);
  let selfOrigin: string | undefined;
  const payments = createPaymentProviders(env, { logger, webhookUrl: () => env.TEST_CARD_WEBHOOK_URL ?? (selfOrigin ? `${selfOrigin}/webhooks/payments/test-card` : undefined) });
  const commerce: Commerce = {
    reservations: createReservationsClient({ baseUrl: env.INVENTORY_URL, internalSecret: env.INTERNAL_TOKEN_SECRET, logger }),
    payments,
    checkoutTtlMs: env.CHECKOUT_TTL_MS,
    endpoints: { ...(env.PUBLIC_ENDPOINT_EU ? { eu: env.PUBLIC_ENDPOINT_EU } : {}), ...(env.PUBLIC_ENDPOINT_CN ? { cn: env.PUBLIC_ENDPOINT_CN } : {}) },
  };
  const system = { db, region: env.REGION, logger, commerce };
  let live: OrdersLiveEvents | undefined;
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers: createResolvers(() => live) }]), rules, (ctx: OrdersContext) => ctx.viewer);
  const context = ({ correlationId, logger: requestLogger, viewer }: Pick<OrdersContext, 'correlationId' | 'logger' | 'viewer'>): OrdersContext => ({
    db,
    pool,
    region: env.REGION,
    correlationId,
    logger: requestLogger,
    viewer,
    commerce,
    loaders: createLoaders(db),
  });
  return {
    schema,
    context,
    subscriptionContext: context,
    configure: (app) =>
      mountPaymentWebhooks(app, {
        providers: payments,
        logger,
        onEvent: async (code, event) => void (await applyPaymentEvent({ ...system, correlationId: `webhook-${randomUUID()}` }, code, event)),
      }),
    started: ({ url }) => {
      selfOrigin = new URL(url).origin;
    },
    workers: ({ bus, topicPrefix }) => [
      createCatalogProjection({ domain: 'orders', bus, pool, region: env.REGION, topicPrefix, logger }),
      createUserProjection({ domain: 'orders', bus, pool, region: env.REGION, topicPrefix, logger }),
      (live = createOrdersLiveEvents({ bus, region: env.REGION, topicPrefix, logger })),
      createReconciler(system, { graceMs: env.RESERVATION_GRACE_MS, intervalMs: env.RECONCILE_INTERVAL_MS }),
    ],
    close: async () => {
      await payments.close();
      await db.$disconnect();
    },
  };
}
export { rules } from './rules';
