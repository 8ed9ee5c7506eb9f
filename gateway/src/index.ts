export { createGateway, type GatewayOptions } from './app';
export { composeApiSchema, composeSupergraph } from './compose';
export { SUBGRAPHS, defaultPort, type SubgraphName } from './subgraphs';
