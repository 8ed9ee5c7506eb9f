/**
 * `syncStatus` (admins): the sync worker's own report, read over HTTP from its health port
 * (`GET /status`). The worker owns those figures; this subgraph only relays them.
 */
import type { SyncDirectionStatus } from '@miw/events';
import type { AuthContext } from '../context';

/** Dates arrive as ISO strings over JSON. */
type Direction = Omit<SyncDirectionStatus, 'lastAppliedAt'> & { lastAppliedAt: string | null };

const UNREACHABLE = { reachable: false, directions: [] };

export const SyncStatusQuery = {
  async syncStatus(_: unknown, __: unknown, ctx: AuthContext) {
    if (!ctx.syncWorkerUrl) return UNREACHABLE;
    try {
      const res = await fetch(new URL('/status', ctx.syncWorkerUrl), { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`sync worker answered ${res.status}`);
      const body = (await res.json()) as { directions: Direction[] };
      return { reachable: true, directions: body.directions.map((d) => ({ ...d, lastAppliedAt: d.lastAppliedAt ? new Date(d.lastAppliedAt) : null })) };
    } catch (error) {
      ctx.logger.warn({ err: error }, 'sync worker status unavailable');
      return UNREACHABLE;
    }
  },
};
