/**
 * Cross-region sync status: the sync worker's own report, read over HTTP from its health port
 * (`GET /status`). The worker owns those figures; this service only relays them.
 */
import type { SyncDirectionStatus } from '@miw/events';
import type { Logger } from '@miw/logging';
import type { SyncStatus } from '../schema.generated';

/** Dates arrive as ISO strings over JSON. */
type Direction = Omit<SyncDirectionStatus, 'lastAppliedAt'> & { lastAppliedAt: string | null };

const UNREACHABLE: SyncStatus = { reachable: false, directions: [] };
const TIMEOUT_MS = 2_000;

/** The worker's report, or `reachable: false` when none runs or it does not answer in time. */
export async function readSyncStatus({ syncWorkerUrl, syncWorkerToken, logger }: { syncWorkerUrl?: string | undefined; syncWorkerToken?: string | undefined; logger: Logger }): Promise<SyncStatus> {
  if (!syncWorkerUrl) return UNREACHABLE;
  try {
    const headers: Record<string, string> = syncWorkerToken ? { authorization: `Bearer ${syncWorkerToken}` } : {};
    const res = await fetch(new URL('/status', syncWorkerUrl), { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`sync worker answered ${res.status}`);
    const body = (await res.json()) as { directions: Direction[] };
    return { reachable: true, directions: body.directions.map((d) => ({ ...d, lastAppliedAt: d.lastAppliedAt ? new Date(d.lastAppliedAt) : null })) };
  } catch (error) {
    logger.warn({ err: error }, 'sync worker status unavailable');
    return UNREACHABLE;
  }
}
