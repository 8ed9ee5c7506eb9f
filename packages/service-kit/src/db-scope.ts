/**
 * The database scope of a domain service's work (see @miw/db's scope and docs/security.md):
 * - a GraphQL request over HTTP runs in a scope of its own, filled with the viewer once the
 *   context factory has decoded the gateway's token; until then, and for an anonymous caller,
 *   it names nobody and the row-level security policies return no tenant row;
 * - the other HTTP routes of a subgraph (internal routes, provider webhooks, health) act for no
 *   viewer: they run in the system scope and authenticate their caller themselves;
 * - a subscription runs its subscribe function and the events of its stream in its viewer's scope;
 * - background workers (Kafka consumers, pollers, schedules) run in the system scope.
 */
import type { Viewer } from '@miw/auth';
import { currentDbScope, runInDbScope, SYSTEM_SCOPE, type DbScope } from '@miw/db';
import type express from 'express';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { BackgroundWorker } from './domain';

/** The scope of a viewer: nobody for an anonymous caller. */
export function dbScopeOf(viewer: Viewer): DbScope {
  return viewer ? { userId: viewer.userId, organizationId: viewer.organizationId, role: viewer.role } : { userId: null, organizationId: null, role: null };
}

/**
 * Express middleware placed before every route: see the header of this file. The GraphQL path is
 * matched as express mounts it (any case, a trailing slash or sub-path); whatever the match, the
 * GraphQL context replaces the scope with its viewer's (`enterViewerScope`).
 */
export function dbScopeMiddleware(graphqlPath = '/graphql'): express.RequestHandler {
  const base = graphqlPath.toLowerCase();
  return (req, _res, next) => {
    const path = req.path.toLowerCase();
    if (path === base || path.startsWith(`${base}/`)) runInDbScope({ userId: null, organizationId: null, role: null }, next);
    else runInDbScope({ ...SYSTEM_SCOPE }, next);
  };
}

/** The viewer a subgraph's context carries (`ctx.viewer`), else the one the gateway's token named. */
export function viewerOf(context: object, fallback: Viewer): Viewer {
  return 'viewer' in context ? (context.viewer as Viewer) : fallback;
}

/** Fills the scope of the current request with its viewer (called once its context is built). */
export function enterViewerScope(viewer: Viewer): void {
  const scope = currentDbScope();
  if (scope) Object.assign(scope, dbScopeOf(viewer));
}

/** A worker whose start (and so every consumer loop, timer and callback it creates) runs in the system scope. */
export function inSystemScope(worker: BackgroundWorker): BackgroundWorker {
  return { start: () => runInDbScope({ ...SYSTEM_SCOPE }, () => worker.start()), stop: () => worker.stop() };
}

/**
 * Runs every Subscription field of `schema` in the scope of its subscriber: its subscribe
 * function, and each step of the stream it returns (where a subgraph's filters read the
 * database). `scopeOf` gives the scope of a subscription's context value.
 */
export function scopeSubscriptions(schema: GraphQLSchema, scopeOf: (context: unknown) => DbScope | undefined): void {
  const nobody: DbScope = { userId: null, organizationId: null, role: null };
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const subscribe = field.subscribe;
    if (!subscribe) continue;
    const scoped: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
      const scope = scopeOf(context) ?? nobody;
      return runInDbScope(scope, async () => {
        const stream = await subscribe(source, args, context, info);
        return isAsyncIterable(stream) ? scopedStream(stream, scope) : stream;
      });
    };
    field.subscribe = scoped;
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> => typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';

function scopedStream(stream: AsyncIterable<unknown>, scope: DbScope): AsyncIterableIterator<unknown> {
  const iterator = stream[Symbol.asyncIterator]();
  const scoped: AsyncIterableIterator<unknown> = {
    next: () => runInDbScope(scope, () => iterator.next()),
    return: (value?: unknown) => (iterator.return ? runInDbScope(scope, () => iterator.return!(value)) : Promise.resolve({ done: true, value })),
    throw: (error?: unknown) => (iterator.throw ? runInDbScope(scope, () => iterator.throw!(error)) : Promise.reject(error)),
    [Symbol.asyncIterator]: () => scoped,
  };
  return scoped;
}
