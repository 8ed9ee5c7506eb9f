import type { ApolloCache, Reference, StoreObject } from '@apollo/client';

/**
 * Adds a created object to the cached lists of a root field (every argument variant), instead of
 * refetching them: right after a catalog change the gateway's response cache may still answer the
 * list without it, and that answer would replace the list. `edge` names the connection's edge type
 * when the field is a connection.
 */
export function appendToList(cache: ApolloCache, field: string, object: StoreObject, edge?: string): void {
  cache.modify({
    fields: {
      [field]: (existing: unknown, { toReference }: { toReference(o: StoreObject): Reference | undefined }) => {
        const ref = toReference(object);
        if (!ref) return existing;
        if (!edge) return [...((existing as Reference[] | undefined) ?? []), ref];
        const connection = existing as { edges: unknown[] } | undefined;
        return connection ? { ...connection, edges: [...connection.edges, { __typename: edge, cursor: '', node: ref }] } : existing;
      },
    },
  });
}
