import type express from 'express';
import { currentDbScope, runInDbScope, SYSTEM_SCOPE, type DbScope } from '@miw/db';
import { dbScopeMiddleware, enterViewerScope } from './db-scope';

const scopeOfRequest = (path: string, viewer?: Parameters<typeof enterViewerScope>[0]): DbScope | undefined => {
  let seen: DbScope | undefined;
  dbScopeMiddleware()({ path } as express.Request, {} as express.Response, () => {
    if (viewer !== undefined) enterViewerScope(viewer);
    seen = currentDbScope();
  });
  return seen && { ...seen };
};

const nobody = { userId: null, organizationId: null, role: null };
const partner = { kind: 'user' as const, userId: 'u1', role: 'PARTNER' as const, organizationId: 'o1', region: 'eu' as const, scopes: [] };

describe('database scope of a request', () => {
  it('starts GraphQL requests with nobody, however the path is spelled, and fills in the viewer', () => {
    for (const path of ['/graphql', '/GraphQL', '/graphql/', '/graphql/x']) expect(scopeOfRequest(path)).toEqual(nobody);
    expect(scopeOfRequest('/graphql/', partner)).toEqual({ userId: 'u1', organizationId: 'o1', role: 'PARTNER' });
    expect(scopeOfRequest('/graphql', null)).toEqual(nobody);
  });

  it('runs the other routes (internal routes, provider webhooks, health) as the system, unless a GraphQL context names a viewer', () => {
    for (const path of ['/internal/reservations', '/payments/webhooks/stripe', '/readyz', '/graphqlx']) expect(scopeOfRequest(path)).toEqual(SYSTEM_SCOPE);
    expect(scopeOfRequest('/elsewhere', partner)).toEqual({ userId: 'u1', organizationId: 'o1', role: 'PARTNER' });
  });

  it('keeps each request to its own scope object', () => {
    const outer = { ...nobody };
    runInDbScope(outer, () => scopeOfRequest('/graphql', partner));
    expect(outer).toEqual(nobody);
  });
});
