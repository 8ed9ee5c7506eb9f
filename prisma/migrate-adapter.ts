/**
 * Driver adapter for Prisma Migrate's Wasm schema engine (`engine: "js"` in the prisma.config
 * files), so `prisma migrate diff` works offline with no native schema-engine binary.
 * Used only by the Prisma CLI (authoring migrations, the drift test); never at run time.
 *
 * It wraps @prisma/adapter-pg and mends three problems PrismaPg 6.19 has under Migrate:
 * 1. introspection returns catalog types ("char", name, regproc, ...) PrismaPg cannot decode:
 *    the pool's clients relabel those columns as text;
 * 2. executeScript splits scripts on every ";" (breaking $$ bodies): here a script is sent whole
 *    through the simple query protocol, as the native engine does;
 * 3. the shadow database: created through a dedicated admin connection, reached by its own URL,
 *    and dropped only after its pool is closed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

const TEXT_OID = 25;
// "char" 18, name 19, regproc 24, pg_node_tree 194, regclass 2205, regtype 2206
const CATALOG_TYPES = new Set([18, 19, 24, 194, 2205, 2206]);

function asText<R>(result: R): R {
  for (const r of (Array.isArray(result) ? result : [result]) as (pg.QueryResult | undefined)[]) {
    for (const field of r?.fields ?? []) if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

class CatalogAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const call = super.query as (...a: unknown[]) => unknown;
    const cb = args.findIndex((a) => typeof a === 'function');
    if (cb >= 0) {
      const original = args[cb] as (err: Error | null, res: unknown) => void;
      args[cb] = (err: Error | null, res: unknown) => original(err, err ? res : asText(res));
      return call.apply(this, args) as never;
    }
    const ret = call.apply(this, args) as Promise<unknown> | undefined;
    return (ret && typeof ret.then === 'function' ? ret.then(asText) : ret) as never;
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class PgMigrateAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';

  constructor(private readonly url: string) {}

  private async open(url: string): Promise<PgAdapter> {
    const pool = new pg.Pool({ connectionString: url, allowExitOnIdle: true, Client: CatalogAsTextClient });
    const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    adapter.executeScript = async (script: string) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    return adapter;
  }

  connect(): Promise<PgAdapter> {
    return this.open(this.url);
  }

  async connectToShadowDb(): Promise<PgAdapter> {
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    const database = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
    const dropAndClose = async () => {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    };
    let shadow: PgAdapter;
    try {
      await admin.query(`CREATE DATABASE ${quote(database)}`);
      const shadowUrl = new URL(this.url);
      shadowUrl.pathname = `/${database}`;
      shadow = await this.open(shadowUrl.toString());
    } catch (error) {
      await dropAndClose();
      throw error;
    }
    const closePool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      try {
        await closePool();
      } finally {
        await dropAndClose();
      }
    };
    return shadow;
  }
}
