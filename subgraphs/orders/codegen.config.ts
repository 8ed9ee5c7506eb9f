import type { SubgraphCodegenConfig } from '../../scripts/codegen';

const config: SubgraphCodegenConfig = {
  contextType: './context#OrdersContext',
  // What the resolvers of each object receive: data-layer rows, or what a service made of them (src/mappers.ts).
  mappers: {
    Order: './mappers#OrderObject',
    OrderItem: './data/orders#PricedOrderItem',
    Cart: './data/db#Cart',
    CartItem: './mappers#CartLine',
    Payment: './data/db#Payment',
    ShippingAddress: './mappers#AddressObject',
    OrderError: './domain/failure#OrderError',
    OrderErrorLine: './mappers#ErrorLine',
  },
};
export default config;
