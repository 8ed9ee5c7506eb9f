/** Owned by the notifications helper: notificationAdded. */
import type { SubscriptionResolvers } from '../schema.generated';

export const notificationSubscriptions: SubscriptionResolvers = {};
