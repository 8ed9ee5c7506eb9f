export { createGateway, type GatewayOptions } from './app';
export { composeSupergraph } from './compose';
export { SUBGRAPHS, defaultPort, type SubgraphName } from './subgraphs';
