/** The notify subgraph's business counters (registered by createApp; see @miw/observability). */
import { BusinessCounter } from '@miw/observability';

/** Notifications by channel: in_app (created), email (sent), webhook (delivered). */
export const notifications = new BusinessCounter('miw_notifications_total', 'Notifications by channel: in_app created, email sent, webhook delivered', ['channel']);

/** Webhook attempts by result: delivered, failed (retried later), dead (retries exhausted). */
export const webhookDeliveries = new BusinessCounter('miw_webhook_deliveries_total', 'Webhook delivery attempts by result: delivered, failed (to retry), dead (given up)', ['result']);
