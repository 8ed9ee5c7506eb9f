/** @miw/partner: the MadeInWorld partner SDK (see README.md). */
export { createPartnerClient, type PartnerClient, type PartnerClientOptions, type Page, type PageArgs, type Viewer, type ShipmentPayload, type VerifyShipmentPayload, type AdjustInventoryPayload, type OrderPayload } from './client';
export { PartnerApiError } from './errors';
export { backoffDelay, type BackoffOptions } from './backoff';
export { type LiveStream } from './stream';
export { type PartnerStatus } from './status';
export { verifyWebhookSignature, parseWebhookEvent, type WebhookVerification, type WebhookVerificationInput, type WebhookEvent, type WebhookFailureReason } from './webhooks';
export type {
  PartnerShipmentFragment as Shipment,
  PartnerInventoryLevelFragment as InventoryLevel,
  PartnerOrderFragment as Order,
  ShipmentStatus,
  OrderStatus,
  RecordTrackingEventInput,
  VerifyShipmentInput,
  AdjustInventoryInput,
} from './gql/graphql';
