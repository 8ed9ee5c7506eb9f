/** Compose the supergraph and start a gateway in-process, routed to test subgraphs. */
import { composeSupergraph, createGateway, SUBGRAPHS, type GatewayOptions, type SubgraphName } from '@miw/gateway';
import type { GraphQLService } from '@miw/service-kit';
import { testKeys, testLogger } from './helpers';
import { readTestInfra } from './infra';

export interface TestGateway {
  url: string;
  service: GraphQLService;
  close(): Promise<void>;
}

/** The supergraph composed from the current subgraph schemas (throws on composition errors). */
export function composeForTest(): string {
  const { supergraphSdl, errors } = composeSupergraph();
  if (!supergraphSdl) throw new Error(`composition failed: ${errors.join('; ')}`);
  return supergraphSdl;
}

/**
 * Starts a gateway on a free port. Subgraphs not listed are routed to a closed port: queries
 * touching them fail, which is what a test that does not start them wants.
 */
export async function startTestGateway(
  urls: Partial<Record<SubgraphName, string>>,
  options: Partial<Pick<GatewayOptions, 'region' | 'production' | 'limits' | 'rateLimiter' | 'safelist' | 'trustProxy' | 'wsInitTimeoutMs' | 'wsLimits' | 'subscriptionQueue' | 'apiKeyCacheMs'>> = {},
): Promise<TestGateway> {
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((n) => [n, urls[n] ?? 'http://127.0.0.1:9/graphql'])) as Record<SubgraphName, string>;
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
