/** The subgraphs of a region, in start order, with their schema files and default ports. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { DOMAINS, type Domain } from '@miw/db';
import type { RegionCode } from '@miw/contracts';

/** One subgraph per domain (and PostgreSQL schema), in start order. */
export const SUBGRAPHS = DOMAINS;
export type SubgraphName = Domain;

/** Default ports: EU 4001-4005, CN 4101-4105 (gateways on 4000 and 4100). */
export const defaultPort = (region: RegionCode, name: SubgraphName): number => (region === 'eu' ? 4001 : 4101) + SUBGRAPHS.indexOf(name);

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SUPERGRAPH_FILE = path.join(REPO_ROOT, 'gateway', 'supergraph.graphql');

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(readFileSync(path.join(REPO_ROOT, 'subgraphs', name, 'src', 'schema.graphql'), 'utf8'));
}
