/** Owned by the webhooks helper. */
import type { MutationResolvers, QueryResolvers, WebhookDeliveryResolvers, WebhookEndpointResolvers } from '../schema.generated';

export const webhookQueries: Pick<QueryResolvers, 'webhookEventTypes' | 'webhookEndpoints' | 'webhookDeliveries'> = {};
export const webhookMutations: Pick<
  MutationResolvers,
  'createWebhookEndpoint' | 'updateWebhookEndpoint' | 'rotateWebhookEndpointSecret' | 'deleteWebhookEndpoint' | 'redeliverWebhook'
> = {};
export const WebhookEndpoint: WebhookEndpointResolvers = {};
export const WebhookDelivery: WebhookDeliveryResolvers = {};
