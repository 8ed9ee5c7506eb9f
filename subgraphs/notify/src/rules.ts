/**
 * Who may use each root field of the notify subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test. Row-level
 * rules (whose notification, which organization's endpoint) live in the services.
 */
import { allow, type AccessRules } from '@miw/auth';

/** Organizations own webhook endpoints; admins may manage any organization's. */
const ORGANIZATION_STAFF = allow.roles('PARTNER', 'LOGISTICS', 'MANUFACTURER', 'ADMIN');

export const rules: AccessRules = {
  Query: {
    myNotifications: allow.authenticated,
    unreadNotificationCount: allow.authenticated,
    myNotificationPreferences: allow.authenticated,
    webhookEventTypes: allow.authenticated,
    webhookEndpoints: ORGANIZATION_STAFF,
    webhookDeliveries: ORGANIZATION_STAFF,
    dailyReport: allow.roles('ADMIN'),
  },
  Mutation: {
    markNotificationRead: allow.authenticated,
    markAllNotificationsRead: allow.authenticated,
    setNotificationPreference: allow.authenticated,
    createWebhookEndpoint: ORGANIZATION_STAFF,
    updateWebhookEndpoint: ORGANIZATION_STAFF,
    rotateWebhookEndpointSecret: ORGANIZATION_STAFF,
    deleteWebhookEndpoint: ORGANIZATION_STAFF,
    redeliverWebhook: ORGANIZATION_STAFF,
  },
};
