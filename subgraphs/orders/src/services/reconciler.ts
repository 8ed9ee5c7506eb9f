/**
 * The reconciler: what makes "every reservation ends as a sale or a release" hold through
 * crashes. Each tick (every RECONCILE_INTERVAL_MS, on every instance; each step is idempotent and
 * row-locked, so instances may overlap):
 * 1. expires unpaid orders past their deadline (cancelled as EXPIRED, stock released);
 * 2. abandons checkouts that claimed their key but never created their order (the process died
 *    between reserving and creating it) and releases their reservation;
 * 3. releases reservations inventory still holds for an order that does not exist and whose
 *    checkout is not running (e.g. a claim lost with a restored database);
 * 4. settles cancelled orders whose release, void or refund failed earlier.
 */
import { randomUUID } from 'node:crypto';
import type { BackgroundWorker } from '@miw/service-kit';
import { abandonCheckout, findCheckoutsOfOrders, staleCheckouts } from '../data/checkouts';
import { existingOrderIds, expiredOrders, unsettledCancellations } from '../data/orders';
import { OrderFailure } from '../domain/failure';
import { cancelOrder, settleCancellation, type SystemContext } from './lifecycle';

export interface ReconcilerSettings {
  /** Age after which a claim or a reservation without an order is considered dead. */
  graceMs: number;
  intervalMs: number;
}

const BATCH = 100;

interface Reconciled {
  expired: number;
  abandoned: number;
  orphansReleased: number;
  settled: number;
}

/** One pass; returns what it did (tests and logs). */
async function reconcileOnce(ctx: SystemContext, { graceMs }: Pick<ReconcilerSettings, 'graceMs'>, now = new Date()): Promise<Reconciled> {
  const done: Reconciled = { expired: 0, abandoned: 0, orphansReleased: 0, settled: 0 };
  for (const order of await expiredOrders(ctx.db, now, BATCH)) {
    try {
      await cancelOrder(ctx, order.id, 'SYSTEM', 'EXPIRED', 'not paid in time');
      done.expired += 1;
    } catch (error) {
      if (!(error instanceof OrderFailure)) throw error; // paid meanwhile
    }
  }
  const before = new Date(now.getTime() - graceMs);
  for (const claim of await staleCheckouts(ctx.db, before, BATCH)) {
    if (await abandonCheckout(ctx.db, claim.orderId)) {
      await ctx.commerce.reservations.release(claim.orderId, 'checkout abandoned', ctx.correlationId);
      done.abandoned += 1;
    }
  }
  const { reservations } = await ctx.commerce.reservations.listActive({ createdBefore: before, limit: BATCH });
  const ids = reservations.map((r) => r.id);
  const [orders, claims] = await Promise.all([existingOrderIds(ctx.db, ids), findCheckoutsOfOrders(ctx.db, ids)]);
  const running = new Set(claims.filter((c) => c.state === 'STARTED').map((c) => c.orderId));
  for (const id of ids.filter((i) => !orders.has(i) && !running.has(i))) {
    await ctx.commerce.reservations.release(id, 'no order was created for this reservation', ctx.correlationId);
    done.orphansReleased += 1;
  }
  for (const order of await unsettledCancellations(ctx.db, before, BATCH)) {
    await settleCancellation(ctx, order.id);
    done.settled += 1;
  }
  return done;
}

/** Runs `reconcileOnce` every interval; a failing pass is logged and the next one tries again. */
export function createReconciler(ctx: Omit<SystemContext, 'correlationId'>, settings: ReconcilerSettings): BackgroundWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const log = ctx.logger.child({ component: 'reconciler' });
  const tick = () => {
    running = reconcileOnce({ ...ctx, correlationId: `reconciler-${randomUUID()}` }, settings)
      .then((done) => {
        if (done.expired + done.abandoned + done.orphansReleased + done.settled > 0) log.info(done, 'reconciled');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'reconciliation pass failed; retrying next interval'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, settings.intervalMs);
      });
  };
  return {
    start: async () => {
      timer = setTimeout(tick, settings.intervalMs);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
