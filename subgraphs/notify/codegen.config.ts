import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#NotifyContext',
  mappers: { Notification: './data/db#Notification' },
};
export default config;
