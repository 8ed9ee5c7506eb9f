/**
 * What crosses regions, and nothing else: catalog entities from the master region (EU) into the
 * other, users and organizations both ways. Every topic the worker subscribes to comes from the
 * event contracts listed here; transactional domains (orders, inventory, notify) and region-local
 * auth data (login codes, sessions, API keys) have no route.
 */
import type { Replicator } from '@miw/events';
import { AUTH_REPLICATED_CONTRACTS, CATALOG_CONTRACTS, MASTER_REGION, type EventContract, type RegionCode } from '@miw/contracts';
import { authReplicator } from '@miw/subgraph-auth/replication';
import { catalogReplicator } from '@miw/subgraph-catalog/replication';

export interface Route {
  topic: string;
  /** Parses (and so validates) the events of this topic: their type, entity and payload. */
  contract: EventContract;
  replicator: Replicator;
}

export function syncRoutes(from: RegionCode, to: RegionCode, prefix = ''): Route[] {
  if (from === to) throw new Error('a sync direction needs two different regions');
  const routesOf = (contracts: readonly EventContract[], replicator: Replicator) => contracts.map((contract) => ({ topic: contract.topic(from, prefix), contract, replicator }));
  return [...(from === MASTER_REGION ? routesOf(CATALOG_CONTRACTS, catalogReplicator) : []), ...routesOf(AUTH_REPLICATED_CONTRACTS, authReplicator)];
}

/** The replicators of a target database, by schema (backfill, verify). */
export const REPLICATORS: Record<string, Replicator> = { catalog: catalogReplicator, auth: authReplicator };

/** `Product` -> the catalog replicator, etc. */
export function replicatorOf(entity: string): Replicator | undefined {
  return Object.values(REPLICATORS).find((r) => r.entities.includes(entity));
}
