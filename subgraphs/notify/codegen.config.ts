import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#NotifyContext',
  mappers: {
    Notification: './data/db#Notification',
    WebhookEndpoint: './data/db#WebhookEndpoint',
    WebhookDelivery: './data/db#WebhookDelivery',
  },
};
export default config;
