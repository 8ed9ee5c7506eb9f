import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#OrdersContext',
  mappers: { Order: './data/db#Order', Cart: './data/db#Cart', CartItem: './data/db#CartItem', OrderItem: './data/orders#PricedOrderItem' },
};
export default config;
