import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#AuthContext',
  mappers: { User: './data/db#User', Organization: './data/db#Organization', ApiKey: './data/db#ApiKey', Invitation: './data/db#Invitation', AuditEntry: './data/db#AuditLog' },
  enumValues: { Region: { EU: 'eu', CN: 'cn' } },
};
export default config;
