/**
 * Build-time composition of the supergraph from the subgraphs' schema files. The routing URLs
 * written into the file are the EU development defaults; at run time every gateway routes to the
 * URLs of its own configuration (see app.ts), so one committed file serves both regions.
 */
import { composeServices } from '@apollo/composition';
import type { GraphQLSchema } from 'graphql';
import { defaultPort, SUBGRAPHS, subgraphTypeDefs } from './subgraphs';

export interface CompositionResult {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

export function composeSupergraph(): CompositionResult {
  const result = composeServices(
    SUBGRAPHS.map((name) => ({ name, typeDefs: subgraphTypeDefs(name), url: `http://localhost:${defaultPort('eu', name)}/graphql` })),
  );
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints: [] };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints: result.hints.map((h) => h.toString()) };
}

/** The client-facing schema of the supergraph (what the gateway serves), as graphql-js. */
export function composeApiSchema(): GraphQLSchema {
  const result = composeServices(SUBGRAPHS.map((name) => ({ name, typeDefs: subgraphTypeDefs(name), url: 'http://unused/graphql' })));
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.schema.toAPISchema().toGraphQLJSSchema();
}
