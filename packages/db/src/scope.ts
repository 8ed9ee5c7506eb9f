/**
 * The database scope: who the statements of the current piece of work run for. Row-level
 * security policies of the tenant tables (prisma/<domain>/sql/*_rls.sql) read it from three
 * session settings, `miw.user_id`, `miw.org_id` and `miw.role`, which a scoped pool
 * (`createPool({ scoped: true })`) sets on every checkout from the scope of the caller.
 *
 * The scope travels with the async context (AsyncLocalStorage), so a request's resolvers,
 * DataLoaders and services see it without passing it around. No scope means empty settings, and
 * the policies then return nothing: deny by default.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface DbScope {
  userId: string | null;
  organizationId: string | null;
  /** The viewer's role (ADMIN, PARTNER, ...), `system` for work that acts for no viewer, or null: nothing. */
  role: string | null;
}

/** The scope of background work (consumers, pollers, schedules) and internal routes: every row. */
export const SYSTEM_SCOPE: Readonly<DbScope> = Object.freeze({ userId: null, organizationId: null, role: 'system' });

const storage = new AsyncLocalStorage<DbScope>();

/**
 * Runs `fn` in `scope`. The object is read at each checkout, not copied: a request may enter an
 * empty scope first and fill it once it knows its viewer (see @miw/service-kit).
 */
export function runInDbScope<T>(scope: DbScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The scope of the current async context, if any. */
export function currentDbScope(): DbScope | undefined {
  return storage.getStore();
}

/** The values of `miw.user_id`, `miw.org_id` and `miw.role` for a scope (empty strings: nothing). */
export function scopeSettings(scope: DbScope | undefined): [string, string, string] {
  return [scope?.userId ?? '', scope?.organizationId ?? '', scope?.role ?? ''];
}
