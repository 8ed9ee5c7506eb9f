/**
 * The notify subgraph: in-app notifications, region-locked (never copied to another region).
 * `createApp` has no side effects; `main.ts` (and tests) provide the pool and start the server.
 */
import { notifications, webhookDeliveries } from './metrics';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { applyAccessRules } from '@miw/auth';
import { requireSecret } from '@miw/config';
import { parse } from 'graphql';
import { liveSource, type DomainDeps, type SubgraphApp } from '@miw/service-kit';
import { createLoaders, type NotifyContext } from './context';
import { createNotifyDb } from './data/db';
import { resolvers } from './resolvers';
import { createInventoryNotifications } from './events/inventory-notifications';
import { createNotifyLiveEvents, type NotifyLiveEvents } from './events/live';
import { createInvitationConsumer } from './events/invitations';
import { createLoginCodeConsumer } from './events/login-codes';
import { createOrderNotifications } from './events/order-notifications';
import { createOrganizationProjection, createUserProjection } from './events/projections';
import { createScheduleWorkers } from './events/schedule-workers';
import { createEmailWorker } from './events/email-worker';
import { createWebhookFanout } from './events/webhook-fanout';
import { createWebhookSender } from './events/webhook-sender';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './domain/webhooks';
import { unconfiguredMailer, type Mailer } from './mail';
import { DEFAULT_EMAIL_DELIVERY, type EmailDeliverySettings } from './services/email-delivery';
import { rules } from './rules';

export const typeDefs = parse(readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8'));

export interface NotifyDeps extends DomainDeps {
  /**
   * Outgoing email over SMTP (main.ts builds it from SMTP_URL). Without one, queued email waits
   * unsent and login codes are logged as dropped: only tests that do not care about email omit it.
   */
  mailer?: Mailer;
  /** Public base URL of the web app (PUBLIC_APP_URL), for links in emails (`notificationEmail`'s `appUrl`). */
  appUrl?: string;
  /** The email worker: how often it polls, and its retry policy. */
  email?: Partial<EmailDeliverySettings> & { pollMs?: number };
  /** Webhook rules and schedule (main.ts: from the environment; tests shrink the retry schedule). */
  webhooks?: Partial<WebhookSettings>;
}

export function createApp({ env, pool, logger, metrics, mailer, appUrl, email = {}, webhooks: webhookOverrides = {} }: NotifyDeps): SubgraphApp<NotifyContext> {
  notifications.bind(metrics);
  webhookDeliveries.bind(metrics);
  const webhooks: WebhookSettings = { ...DEFAULT_WEBHOOK_SETTINGS, ...webhookOverrides };
  const { pollMs: emailPollMs = 1000, ...emailOverrides } = email;
  const sealSecret = requireSecret(env, 'LOGIN_CODE_SEAL_SECRET', 'notify');
  const db = createNotifyDb(pool);
  const schema = applyAccessRules(buildSubgraphSchema([{ typeDefs, resolvers }]), rules, (ctx: NotifyContext) => ctx.viewer);
  // The live notifications exist once the workers started (they need the Kafka bus).
  let live: NotifyLiveEvents | undefined;
  const liveEvents = liveSource(() => live);
  const context = ({ correlationId, logger: requestLogger, viewer }: Pick<NotifyContext, 'correlationId' | 'logger' | 'viewer'>): NotifyContext => ({
    db,
    region: env.REGION,
    correlationId,
    logger: requestLogger,
    viewer,
    loaders: createLoaders(db),
    live: liveEvents,
    webhooks,
  });
  return {
    schema,
    context,
    subscriptionContext: context,
    workers: ({ bus, topicPrefix }) => [
      createUserProjection({ domain: 'notify', bus, pool, region: env.REGION, topicPrefix, logger }),
      createOrganizationProjection({ domain: 'notify', bus, pool, region: env.REGION, topicPrefix, logger }),
      createInventoryNotifications({ bus, pool, region: env.REGION, topicPrefix, logger }),
      createOrderNotifications({ bus, pool, region: env.REGION, topicPrefix, logger }),
      (live = createNotifyLiveEvents({ bus, region: env.REGION, topicPrefix, logger })),
      createLoginCodeConsumer({ bus, pool, region: env.REGION, topicPrefix, mailer: mailer ?? unconfiguredMailer(logger), sealSecret, logger }),
      createInvitationConsumer({ bus, pool, region: env.REGION, topicPrefix, logger }),
      ...(mailer ? [createEmailWorker({ pool, mailer, logger, settings: { ...DEFAULT_EMAIL_DELIVERY, ...emailOverrides }, pollMs: emailPollMs, appUrl })] : []),
      createWebhookFanout({ bus, pool, region: env.REGION, topicPrefix, logger }),
      createWebhookSender({ pool, region: env.REGION, settings: webhooks, logger }),
      ...createScheduleWorkers({ bus, pool, db, env, region: env.REGION, topicPrefix, logger }),
    ],
    close: async () => {
      await mailer?.close();
      await db.$disconnect();
    },
  };
}
export { rules } from './rules';
export { smtpMailer, type Email, type Mailer } from './mail';
