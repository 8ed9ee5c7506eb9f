/**
 * The one convention for the statements @miw/events runs inside a caller's transaction (outbox
 * writes, inbox claims): they take a `SqlClient`, either a pg client (`PoolClient`, as consumers
 * and the sync worker hold) or a Prisma interactive transaction (as services hold), and run
 * through `execute`.
 */

/** A pg client inside a transaction (`PoolClient`). */
interface PgQueryable {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rowCount: number | null }>;
}

/** A Prisma interactive transaction (or client). */
interface PrismaExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export type SqlClient = PgQueryable | PrismaExecutor;

/**
 * Runs one statement on either kind of client; returns the number of rows it touched. `name`
 * makes it a prepared statement on a pg client (parsed and planned once per connection; the same
 * name must always carry the same text).
 */
export async function execute(client: SqlClient, sql: string, values: unknown[], name?: string): Promise<number> {
  if ('$executeRawUnsafe' in client) return client.$executeRawUnsafe(sql, ...values);
  return (await client.query({ text: sql, values, ...(name ? { name } : {}) })).rowCount ?? 0;
}

const SAFE_IDENT = /^[a-z_][a-z0-9_]*$/;

/** Domain schema names are interpolated into SQL: only plain lower-case identifiers pass. */
export function checkSchemaName(schema: string): string {
  if (!SAFE_IDENT.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return schema;
}
