/**
 * `@miw/gateway/testing`: a gateway started in-process for integration and end-to-end tests,
 * on the supergraph composed from the current subgraph schemas and routed to test subgraphs.
 */
import type { GraphQLService } from '@miw/service-kit';
import { readTestInfra, testKeys, testLogger } from '@miw/testing';
import { createGateway, type GatewayOptions } from './app';
import { composeSupergraph } from './compose';
import { SUBGRAPHS, type SubgraphName } from './subgraphs';

export interface TestGateway {
  url: string;
  service: GraphQLService;
  close(): Promise<void>;
}

/** The options a test may set; everything else is the test infrastructure's. */
export type TestGatewayOptions = Partial<Pick<GatewayOptions, 'region' | 'production' | 'limits' | 'rateLimiter' | 'safelist' | 'trustProxy' | 'wsInitTimeoutMs' | 'wsLimits' | 'subscriptionQueue' | 'apiKeyCacheMs' | 'revocationFeed' | 'responseCache' | 'subgraphGuard' | 'metrics'>>;

/** Subgraphs a test does not start are routed here: a closed port, so queries touching them fail. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9/graphql';

/** The supergraph composed from the current subgraph schemas (throws on composition errors). */
function composeForTest(): string {
  const { supergraphSdl, errors } = composeSupergraph();
  if (!supergraphSdl) throw new Error(`composition failed: ${errors.join('; ')}`);
  return supergraphSdl;
}

/**
 * Starts a gateway on a free port. Subgraphs not listed are routed to a closed port: queries
 * touching them fail, which is what a test that does not start them wants.
 */
export async function startTestGateway(urls: Partial<Record<SubgraphName, string>>, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((n) => [n, urls[n] ?? CLOSED_PORT_URL])) as Record<SubgraphName, string>;
  const service = await createGateway({
    region: options.region ?? 'eu',
    production: options.production ?? false,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    ...(options.safelist ? { safelist: options.safelist } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.wsInitTimeoutMs ? { wsInitTimeoutMs: options.wsInitTimeoutMs } : {}),
    ...(options.wsLimits ? { wsLimits: options.wsLimits } : {}),
    ...(options.subscriptionQueue ? { subscriptionQueue: options.subscriptionQueue } : {}),
    ...(options.apiKeyCacheMs ? { apiKeyCacheMs: options.apiKeyCacheMs } : {}),
    ...(options.revocationFeed ? { revocationFeed: options.revocationFeed } : {}),
    ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    ...(options.subgraphGuard ? { subgraphGuard: options.subgraphGuard } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    logger: testLogger('gateway'),
    supergraphSdl: composeForTest(),
    subgraphUrls,
    corsOrigins: ['http://localhost:3000'],
    keys: await testKeys(),
    internalSecret: readTestInfra().internalSecret,
  });
  const port = await service.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/graphql`, service, close: () => service.close() };
}
