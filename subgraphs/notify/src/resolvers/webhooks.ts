/** Partner webhooks: event types, endpoints (CRUD, secret rotation), deliveries and replays. */
import { pageSize, requireUuid, optionalUuid } from '@miw/service-kit';
import { attempt } from '../domain/failure';
import { notificationData } from '../domain/notifications';
import { deliveryStatus, WEBHOOK_EVENT_TYPES } from '../domain/webhooks';
import type { MutationResolvers, QueryResolvers, WebhookDeliveryResolvers, WebhookEndpointResolvers } from '../schema.generated';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  deliveryCursor,
  findManageableEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from '../services/webhooks';

export const webhookQueries: Pick<QueryResolvers, 'webhookEventTypes' | 'webhookEndpoints' | 'webhookDeliveries'> = {
  webhookEventTypes: () => [...WEBHOOK_EVENT_TYPES],
  webhookEndpoints: (_, { organizationId }, ctx) => listWebhookEndpoints(ctx, optionalUuid(organizationId, 'organizationId')),
  webhookDeliveries: (_, args, ctx) =>
    listWebhookDeliveries(ctx, requireUuid(args.endpointId, 'endpointId'), { size: pageSize(args.first), after: deliveryCursor.decode(args.after) }),
};

export const webhookMutations: Pick<
  MutationResolvers,
  'createWebhookEndpoint' | 'updateWebhookEndpoint' | 'rotateWebhookEndpointSecret' | 'deleteWebhookEndpoint' | 'redeliverWebhook'
> = {
  createWebhookEndpoint: (_, { input }, ctx) => attempt({ endpoint: null, secret: null }, () => createWebhookEndpoint(ctx, input)),
  updateWebhookEndpoint: (_, { input }, ctx) => attempt({ endpoint: null }, () => updateWebhookEndpoint(ctx, { ...input, id: requireUuid(input.id, 'input.id') })),
  rotateWebhookEndpointSecret: (_, { id }, ctx) => attempt({ endpoint: null, secret: null }, () => rotateWebhookEndpointSecret(ctx, requireUuid(id, 'id'))),
  deleteWebhookEndpoint: (_, { id }, ctx) => attempt({ endpoint: null }, () => deleteWebhookEndpoint(ctx, requireUuid(id, 'id'))),
  redeliverWebhook: (_, { deliveryId }, ctx) => attempt({ delivery: null }, () => redeliverWebhook(ctx, requireUuid(deliveryId, 'deliveryId'))),
};

/** The signing secret is a column of the row but no field of the type: it is never readable here. */
export const WebhookEndpoint: WebhookEndpointResolvers = {
  __resolveReference: ({ id }, ctx) => findManageableEndpoint(ctx, id),
};

export const WebhookDelivery: WebhookDeliveryResolvers = {
  status: (d) => deliveryStatus(d.status),
  payload: (d) => notificationData(d.payload),
};
