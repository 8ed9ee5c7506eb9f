/**
 * Keeps cached answers (./response-cache.ts) in step with the catalog: every catalog change event
 * (products, categories, manufacturers, stores: mastered in EU, see docs/sync.md) starts a new
 * cache generation, so a price change shows within a second of its commit.
 *
 * Both regions read the master region's topics. The CN mirror applies the same change a moment
 * after the event is published (the sync worker's lag), so a CN gateway forgets its answers again
 * `mirrorSettleMs` later: an answer rebuilt between the event and the apply is dropped then. A
 * mirror lagging more than that shows the old data until the answer's max-age runs out (at most
 * the cache's cap); docs/performance.md has the figures.
 */
import { randomUUID } from 'node:crypto';
import { CATALOG_CONTRACTS, MASTER_REGION, type RegionCode } from '@miw/contracts';
import type { EventBus } from '@miw/events';
import type { Logger } from '@miw/logging';
import { createResponseCache, type ResponseCache, type ResponseCacheOptions } from './response-cache';

export interface CatalogFeedOptions {
  bus: EventBus;
  topicPrefix: string;
  region: RegionCode;
  logger: Logger;
  /** Called for every catalog change. */
  invalidate(): void;
  /** Outside the master region: how long after an event the mirror is expected to hold it (default 1,500 ms). */
  mirrorSettleMs?: number;
}

function createCatalogFeed({ bus, topicPrefix, region, logger, invalidate, mirrorSettleMs = 1_500 }: CatalogFeedOptions) {
  const topics = CATALOG_CONTRACTS.map((c) => c.topic(MASTER_REGION, topicPrefix));
  const timers = new Set<NodeJS.Timeout>();
  const later = () => {
    const timer = setTimeout(() => (timers.delete(timer), invalidate()), mirrorSettleMs);
    timers.add(timer);
  };
  const consumer = bus.consumer({
    groupId: `${topicPrefix}gateway.${region}.catalog-cache.${randomUUID()}`,
    topics,
    ephemeral: true,
    // A batch of changes invalidates once (a bulk load publishes thousands of events).
    handleBatch: async () => {
      invalidate();
      if (region !== MASTER_REGION) later();
    },
  });
  return {
    start: async () => {
      await bus.ensureTopics(topics);
      await consumer.start();
      logger.debug({ topics }, 'response cache follows the catalog change events');
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      await consumer.stop();
    },
  };
}

/**
 * A response cache kept in step with the catalog: off until its change feed has joined its
 * consumer group (until then nothing would forget a changed answer; a join takes seconds, and the
 * gateway serves uncached meanwhile rather than waiting to start).
 */
export function cacheFollowingCatalog(options: ResponseCacheOptions & { feed: Omit<CatalogFeedOptions, 'region' | 'logger' | 'invalidate'> }, region: RegionCode, logger: Logger): { cache: ResponseCache; stop(): Promise<void> } {
  const cache = createResponseCache({ ...options, enabled: false });
  const feed = createCatalogFeed({ ...options.feed, region, logger, invalidate: () => cache.invalidate() });
  feed.start().then(
    () => cache.enable(),
    (error: unknown) => logger.error({ err: error }, 'catalog change feed did not start: the response cache stays off'),
  );
  return { cache, stop: () => feed.stop() };
}
