import { scalarResolvers } from '@miw/service-kit';
import type { Resolvers } from '../schema.generated';
import { Notification } from './entities';
import { notificationMutations, notificationQueries } from './notifications';
import { reportQueries } from './reports';
import { notificationSubscriptions } from './subscriptions';
import { WebhookDelivery, WebhookEndpoint, webhookMutations, webhookQueries } from './webhooks';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: { ...notificationQueries, ...webhookQueries, ...reportQueries },
  Mutation: { ...notificationMutations, ...webhookMutations },
  Subscription: notificationSubscriptions,
  Notification,
  WebhookEndpoint,
  WebhookDelivery,
};
