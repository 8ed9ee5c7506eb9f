export { createGateway, LIMITS, type EdgeLimits, type GatewayOptions } from './app';
export { memoryRateLimiter, redisRateLimiter, type RateLimiter } from './rate-limit';
export { postgresRateLimiter } from './rate-limit-postgres';
export { composeApiSchema, composeSupergraph } from './compose';
export { SUBGRAPHS, defaultPort, type SubgraphName } from './subgraphs';
export { loadSafelist, safelistMiddleware, type SafelistManifest } from './safelist';
export { WsCloseCode } from './subscriptions/close-codes';
export { WS_LIMITS, type WebSocketLimits } from './ws/limits';
