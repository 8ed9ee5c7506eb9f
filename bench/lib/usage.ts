/**
 * What a benchmark can read of the services' work from outside them, without touching their
 * code: CPU time of each service process and of the PostgreSQL backends serving each pool
 * (by application_name), and the database's transaction and row counters. pg_stat_statements
 * needs a server restart to load, so statements are not counted; transactions are.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { machineCpuMs, processCpuMs } from './processes';

/** A PostgreSQL server process's command name in /proc (its backends keep it). */
const POSTGRES_COMMAND = 'postgres';

/** CPU ms used so far by every backend connected to `database`, by pid, with its pool name. */
type BackendCpu = Map<number, { pool: string; ms: number }>;

async function backendCpu(pool: pg.Pool, database: string): Promise<BackendCpu> {
  const { rows } = await pool.query<{ pid: number; application_name: string }>(`SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [database]);
  const out: BackendCpu = new Map();
  for (const { pid, application_name } of rows) {
    const ms = processCpuMs(pid, POSTGRES_COMMAND);
    if (ms !== undefined) out.set(pid, { pool: application_name || '?', ms });
  }
  return out;
}

/** The service a pool belongs to: `orders-eu-relay` and `orders-eu` are both `orders`. */
const serviceOfPool = (pool: string) => pool.split('-')[0]!;

/**
 * CPU ms the backends of each service used between two readings. A backend that appeared in
 * between counts from its start; one that closed in between (a pool's idle timeout is 30 s) is
 * lost, so this is a lower bound.
 */
function backendDelta(before: BackendCpu, after: BackendCpu): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, { pool, ms }] of after) {
    const service = serviceOfPool(pool);
    out.set(service, (out.get(service) ?? 0) + ms - (before.get(pid)?.ms ?? 0));
  }
  return out;
}

/** A reading of CPU time: each service process, this process, the database's backends, the machine. */
interface CpuReading {
  processes: Map<string, number | undefined>;
  self: NodeJS.CpuUsage;
  backends: BackendCpu;
  machine: number;
  at: number;
}

/** CPU ms used during a window, by process (`client`: this one), by service's database backends, and by the whole machine. */
export interface CpuUsed {
  processes: Map<string, number>;
  backends: Map<string, number>;
  machine: number;
  seconds: number;
}

/** Reads CPU time of named processes, of this process and of the database's backends, and subtracts two readings. */
export function cpuMeter(processes: { id: string; pid: number }[], pool: pg.Pool, database: string) {
  const read = async (): Promise<CpuReading> => ({
    processes: new Map(processes.map((p) => [p.id, processCpuMs(p.pid)])),
    self: process.cpuUsage(),
    backends: await backendCpu(pool, database),
    machine: machineCpuMs(),
    at: performance.now(),
  });
  return {
    read,
    /** CPU used between `before` and now. */
    async since(before: CpuReading): Promise<CpuUsed> {
      const now = await read();
      const used = new Map<string, number>();
      for (const [id, ms] of now.processes) {
        const start = before.processes.get(id);
        if (ms !== undefined && start !== undefined) used.set(id, ms - start);
      }
      const self = process.cpuUsage(before.self);
      used.set('client', (self.user + self.system) / 1000);
      return { processes: used, backends: backendDelta(before.backends, now.backends), machine: now.machine - before.machine, seconds: (now.at - before.at) / 1000 };
    },
  };
}

/** The database's cumulative counters (pg_stat_database). */
export interface DatabaseCounters {
  /** Transactions committed or rolled back. */
  transactions: number;
  /** Rows inserted, updated or deleted. */
  rowsWritten: number;
  /** Rows read: live rows of sequential scans plus index entries of index scans (tup_returned). */
  rowsRead: number;
  /** When read (performance.now()). */
  at: number;
}

/**
 * The database's counters now. Backends publish their statistics at most once a second while
 * busy and up to 10 s after going idle (PostgreSQL 15), so a reading is exact only after
 * `STATS_SETTLE_MS` of quiet.
 */
export async function databaseCounters(pool: pg.Pool, database: string): Promise<DatabaseCounters> {
  const { rows } = await pool.query<{ xacts: string; written: string; read: string }>(
    `SELECT xact_commit + xact_rollback AS xacts, tup_inserted + tup_updated + tup_deleted AS written, tup_returned AS read
       FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  const row = rows[0];
  return { transactions: Number(row?.xacts ?? 0), rowsWritten: Number(row?.written ?? 0), rowsRead: Number(row?.read ?? 0), at: performance.now() };
}

/** How long the database must be quiet before its counters include everything (PGSTAT_IDLE_INTERVAL + 1 s). */
export const STATS_SETTLE_MS = 11_000;

/** Counter increments between two readings, minus what the idle system does at `backgroundPerSecond`. */
export function counterDelta(before: DatabaseCounters, after: DatabaseCounters, backgroundPerSecond?: Omit<DatabaseCounters, 'at'>): Omit<DatabaseCounters, 'at'> {
  const seconds = (after.at - before.at) / 1000;
  const minus = (key: keyof Omit<DatabaseCounters, 'at'>) => after[key] - before[key] - (backgroundPerSecond ? backgroundPerSecond[key] * seconds : 0);
  return { transactions: minus('transactions'), rowsWritten: minus('rowsWritten'), rowsRead: minus('rowsRead') };
}

/** Per-second rates of the counters between two readings (the idle system's background). */
export function counterRates(before: DatabaseCounters, after: DatabaseCounters): Omit<DatabaseCounters, 'at'> {
  const seconds = (after.at - before.at) / 1000;
  const delta = counterDelta(before, after);
  return { transactions: delta.transactions / seconds, rowsWritten: delta.rowsWritten / seconds, rowsRead: delta.rowsRead / seconds };
}

/** Cumulative scan counters of one table (pg_stat_user_tables). */
export interface TableScans {
  seqScans: number;
  seqRows: number;
  indexScans: number;
  indexRows: number;
}

/** Scan counters of every table of the database, by `schema.table` (same settling as databaseCounters). */
export async function tableScans(pool: pg.Pool): Promise<Map<string, TableScans>> {
  const { rows } = await pool.query<{ name: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null; idx_tup_fetch: string | null }>(
    `SELECT schemaname || '.' || relname AS name, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch FROM pg_stat_user_tables`,
  );
  return new Map(rows.map((r) => [r.name, { seqScans: Number(r.seq_scan), seqRows: Number(r.seq_tup_read), indexScans: Number(r.idx_scan ?? 0), indexRows: Number(r.idx_tup_fetch ?? 0) }]));
}

/** The tables read most between two readings (rows read by sequential and index scans), most first. */
export function busiestTables(before: Map<string, TableScans>, after: Map<string, TableScans>, top: number): [string, TableScans][] {
  const zero: TableScans = { seqScans: 0, seqRows: 0, indexScans: 0, indexRows: 0 };
  const deltas = [...after].map(([name, a]): [string, TableScans] => {
    const b = before.get(name) ?? zero;
    return [name, { seqScans: a.seqScans - b.seqScans, seqRows: a.seqRows - b.seqRows, indexScans: a.indexScans - b.indexScans, indexRows: a.indexRows - b.indexRows }];
  });
  return deltas
    .filter(([, d]) => d.seqRows + d.indexRows > 0)
    .sort(([, x], [, y]) => y.seqRows + y.indexRows - (x.seqRows + x.indexRows))
    .slice(0, top);
}
