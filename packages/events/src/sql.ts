/**
 * The one convention for the statements @miw/events runs inside a caller's transaction (outbox
 * writes, inbox claims): they take a `SqlClient`, either a pg client (`PoolClient`, as consumers
 * and the sync worker hold) or a Prisma interactive transaction (as services hold), and run
 * through `execute`.
 */

/** A pg client inside a transaction (`PoolClient`). */
interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

/** A Prisma interactive transaction (or client). */
interface PrismaExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export type SqlClient = PgQueryable | PrismaExecutor;

/** Runs one statement on either kind of client; returns the number of rows it touched. */
export async function execute(client: SqlClient, sql: string, values: unknown[]): Promise<number> {
  if ('$executeRawUnsafe' in client) return client.$executeRawUnsafe(sql, ...values);
  return (await client.query(sql, values)).rowCount ?? 0;
}

const SAFE_IDENT = /^[a-z_][a-z0-9_]*$/;

/** Domain schema names are interpolated into SQL: only plain lower-case identifiers pass. */
export function checkSchemaName(schema: string): string {
  if (!SAFE_IDENT.test(schema)) throw new Error(`invalid schema name ${schema}`);
  return schema;
}
