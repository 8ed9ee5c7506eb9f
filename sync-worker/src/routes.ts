/**
 * What crosses regions, and nothing else: catalog entities from EU (the master) into CN, users and
 * organizations both ways. Every topic the worker subscribes to comes from this list; transactional
 * domains (orders, inventory, notify) and region-local auth data (login codes, sessions, API keys)
 * have no route.
 */
import type { Replicator } from '@miw/events';
import type { RegionCode } from '@miw/contracts';
import { topicName } from '@miw/contracts';
import { authReplicator } from '@miw/subgraph-auth/replication';
import { catalogReplicator } from '@miw/subgraph-catalog/replication';

/** The region where global catalog data is mastered. */
export const CATALOG_MASTER: RegionCode = 'eu';

export interface Route {
  topic: string;
  /** The only entity accepted on this topic. */
  entity: string;
  replicator: Replicator;
}

export function syncRoutes(from: RegionCode, to: RegionCode, prefix = ''): Route[] {
  if (from === to) throw new Error('a sync direction needs two different regions');
  const routesOf = (domain: string, replicator: Replicator) => replicator.entities.map((entity) => ({ topic: topicName(from, domain, entity, prefix), entity, replicator }));
  return [...(from === CATALOG_MASTER ? routesOf('catalog', catalogReplicator) : []), ...routesOf('auth', authReplicator)];
}

/** The replicators of a target database, by schema (backfill, verify). */
export const REPLICATORS: Record<string, Replicator> = { catalog: catalogReplicator, auth: authReplicator };

/** `Product` -> the catalog replicator, etc. */
export function replicatorOf(entity: string): Replicator | undefined {
  return Object.values(REPLICATORS).find((r) => r.entities.includes(entity));
}
