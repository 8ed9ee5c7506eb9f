/**
 * Operator commands: `npm run sync-worker -- <command>` (or `npx tsx sync-worker/src/cli.ts`).
 *
 *   dlq list [--all]                      dead letters of both regions (pending only unless --all)
 *   dlq replay [--id <uuid>]              re-applies pending dead letters (all, or one)
 *   backfill --entity <Type|all> --from eu --to cn [--restart] [--page 500]
 *   verify [--entity <Type|all>]          compares EU and CN entity by entity
 *
 * Databases: PG_URL_EU and PG_URL_CN (or --eu / --cn); `npm run sync-worker` (scripts/sync-worker.ts)
 * sets them to npm start's databases when they are unset. KAFKA_BROKERS and KAFKA_TOPIC_PREFIX as for
 * the worker (replay needs the prefix the dead letters were consumed under). Exit status 1 when a
 * command finds or leaves a problem (differences, failed replays), 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import type { Pool } from 'pg';
import { createPool } from '@miw/db';
import { createKafkaBus } from '@miw/events';
import { isUuid, MASTER_REGION, REGIONS, type RegionCode } from '@miw/contracts';
import { createLogger } from '@miw/logging';
import { backfill, type BackfillProgress } from './backfill';
import { REPLICATORS, replicatorOf, syncRoutes } from './routes';
import { ensureSyncSchema, listDeadLetters, markReplayed, recordReplayFailure, type DeadLetter } from './store';
import { isClean, verifyEntity } from './verify';
import { createSyncWorker } from './worker';

/** Where the commands write (tests capture it). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Progress bar updates (a TTY only). */
  progress?(line: string): void;
}

const processIo: CliIo = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  ...(process.stderr.isTTY ? { progress: (line: string) => void process.stderr.write(`\r${line}`) } : {}),
};

class UsageError extends Error {}

const ALL_ENTITIES = Object.values(REPLICATORS).flatMap((r) => r.entities);

function entitiesOf(arg: string | undefined, from?: RegionCode): string[] {
  if (!arg || arg === 'all') return from && from !== MASTER_REGION ? REPLICATORS.auth!.entities : ALL_ENTITIES;
  const list = arg.split(',').map((e) => e.trim());
  const unknown = list.filter((e) => !ALL_ENTITIES.includes(e));
  if (unknown.length) throw new UsageError(`unknown entity ${unknown.join(', ')} (one of ${ALL_ENTITIES.join(', ')})`);
  return list;
}

const region = (value: string | undefined, flag: string): RegionCode => {
  if (!REGIONS.includes(value as RegionCode)) throw new UsageError(`${flag} must be one of ${REGIONS.join(', ')}`);
  return value as RegionCode;
};

function progressLine(p: BackfillProgress): string {
  const width = 30;
  const ratio = p.total ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(ratio * width);
  return `${p.entity.padEnd(13)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} copied ${p.copied} skipped ${p.skipped}`;
}

function describe(d: DeadLetter): string {
  const preview = d.value ? d.value.toString('utf8').slice(0, 120).replace(/\s+/g, ' ') : '(empty)';
  return [
    `${d.id}  ${d.direction}  ${d.reason}  attempts=${d.attempts}  ${d.replayedAt ? `replayed ${d.replayedAt.toISOString()}` : 'pending'}`,
    `  source  ${d.topic} [${d.partition}] @${d.offset} key=${d.key ?? ''} event=${d.eventId ?? '-'}`,
    `  failed  first ${d.firstFailedAt.toISOString()} last ${d.lastFailedAt.toISOString()}`,
    `  error   ${d.error}`,
    `  message ${preview}`,
  ].join('\n');
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = processIo): Promise<number> {
  const { out, err } = io;
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      entity: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      id: { type: 'string' },
      all: { type: 'boolean', default: false },
      restart: { type: 'boolean', default: false },
      page: { type: 'string' },
      eu: { type: 'string' },
      cn: { type: 'string' },
    },
  });
  const [command, sub] = positionals;
  const urls: Record<RegionCode, string | undefined> = { eu: values.eu ?? env.PG_URL_EU, cn: values.cn ?? env.PG_URL_CN };
  const pools = new Map<RegionCode, Pool>();
  const db = (code: RegionCode): Pool => {
    const url = urls[code];
    if (!url) throw new UsageError(`no database for ${code}: set PG_URL_${code.toUpperCase()} or --${code}`);
    if (!pools.has(code)) pools.set(code, createPool({ url, max: 3, name: `sync-cli-${code}` }));
    return pools.get(code)!;
  };
  try {
    if (command === 'dlq' && sub === 'list') return await dlqList(io, db, urls, values.all!);
    if (command === 'dlq' && sub === 'replay') return await dlqReplay(io, db, urls, values.id, env);
    if (command === 'backfill') {
      const from = region(values.from, '--from');
      const to = region(values.to, '--to');
      if (from === to) throw new UsageError('--from and --to must differ');
      if (!values.entity) throw new UsageError('--entity is required (a type name, a comma list, or all)');
      const pageSize = values.page ? Number(values.page) : 500;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) throw new UsageError('--page must be 1 to 10000');
      for (const entity of entitiesOf(values.entity, from)) {
        const replicator = replicatorOf(entity)!;
        const result = await backfill({
          entity, replicator, from, to, source: db(from), target: db(to), pageSize, restart: values.restart!,
          onProgress: (p) => io.progress?.(progressLine(p)),
        });
        io.progress?.('\n');
        out(`${progressLine(result)}${result.resumedAt ? ` (resumed after ${result.resumedAt})` : ''}`);
      }
      return 0;
    }
    if (command === 'verify') {
      let clean = true;
      for (const entity of entitiesOf(values.entity)) {
        const d = await verifyEntity(db('eu'), db('cn'), replicatorOf(entity)!, entity);
        const ok = isClean(d);
        clean &&= ok;
        out(`${entity.padEnd(13)} eu=${d.left} cn=${d.right} ${ok ? 'ok' : 'DIFFERENT'}`);
        const show = (label: string, ids: string[]) => ids.length && out(`  ${label} (${ids.length}): ${ids.slice(0, 20).join(' ')}${ids.length > 20 ? ' ...' : ''}`);
        show('missing in cn', d.missingRight);
        show('missing in eu', d.missingLeft);
        show('content differs', d.different);
      }
      out(clean ? 'regions agree' : 'regions differ');
      return clean ? 0 : 1;
    }
    throw new UsageError(`unknown command ${[command, sub].filter(Boolean).join(' ') || '(none)'}`);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`sync-worker: ${error.message}\nusage: dlq list [--all] | dlq replay [--id <uuid>] | backfill --entity <Type|all> --from <eu|cn> --to <eu|cn> [--restart] | verify [--entity <Type|all>]`);
      return 2;
    }
    err(`sync-worker: ${(error as Error).message}`);
    return 1;
  } finally {
    await Promise.all([...pools.values()].map((p) => p.end()));
  }
}

type Db = (code: RegionCode) => Pool;

async function dlqList({ out }: CliIo, db: Db, urls: Record<RegionCode, string | undefined>, all: boolean): Promise<number> {
  for (const code of REGIONS) {
    if (!urls[code]) continue;
    await ensureSyncSchema(db(code));
    const rows = await listDeadLetters(db(code), { includeReplayed: all });
    out(`${code}: ${rows.length} dead letter(s)${all ? '' : ' pending'}`);
    for (const d of rows) out(describe(d));
  }
  return 0;
}

async function dlqReplay({ out, err }: CliIo, db: Db, urls: Record<RegionCode, string | undefined>, id: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  if (id !== undefined && !isUuid(id)) throw new UsageError('--id must be a dead letter id (uuid)');
  const logger = createLogger({ service: 'sync-cli', level: 'warn' });
  const bus = createKafkaBus({ brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'sync-cli', logger });
  const prefix = env.KAFKA_TOPIC_PREFIX ?? '';
  let failed = 0;
  let replayed = 0;
  try {
    for (const to of REGIONS) {
      if (!urls[to]) continue;
      await ensureSyncSchema(db(to));
      for (const d of await listDeadLetters(db(to), id ? { id } : {})) {
        const from = d.direction.split('-to-')[0] as RegionCode;
        if (!syncRoutes(from, to, prefix).some((r) => r.topic === d.topic)) {
          err(`${d.id}: topic ${d.topic} is not consumed with KAFKA_TOPIC_PREFIX="${prefix}"; skipped`);
          failed += 1;
          continue;
        }
        const worker = createSyncWorker({ bus, target: db(to), from, to, logger, topicPrefix: prefix, statusEveryMs: 0 });
        try {
          const outcome = await worker.applyRaw(d.value, d.topic);
          await markReplayed(db(to), d.id);
          replayed += 1;
          out(`${d.id}: ${outcome}`);
        } catch (error) {
          failed += 1;
          await recordReplayFailure(db(to), d.id, (error as Error).message);
          out(`${d.id}: failed again: ${(error as Error).message}`);
        }
      }
    }
  } finally {
    await bus.close();
  }
  out(`replayed ${replayed}, failed ${failed}`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      processIo.err(`sync-worker: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
