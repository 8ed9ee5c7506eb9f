/** The order mutations of people (store staff, shoppers, admins): who they act as, then the lifecycle step. */
import type { OrdersContext } from '../context';
import type { Order } from '../data/db';
import type { Actor } from '../domain/order-status';
import { orderToChange } from './access';
import { cancelOrder, confirmOrder, fulfillOrder, transition } from './lifecycle';

export type StoreStep = 'CONFIRM' | 'MARK_READY' | 'SHIP' | 'FULFIL';

/** A step of the store's side (the state machine refuses shoppers with FORBIDDEN). */
export async function takeStoreStep(ctx: OrdersContext, orderId: string, step: StoreStep): Promise<Order> {
  const { actor } = await orderToChange(ctx, orderId);
  if (step === 'CONFIRM') return confirmOrder(ctx, orderId, actor);
  if (step === 'FULFIL') return fulfillOrder(ctx, orderId, actor);
  return transition(ctx, orderId, step, actor);
}

/** Cancels as the viewer: the reason recorded is who cancelled. */
export async function cancelAsViewer(ctx: OrdersContext, orderId: string, note: string | null): Promise<Order> {
  const { actor } = await orderToChange(ctx, orderId);
  return cancelOrder(ctx, orderId, actor, reasonOf(actor), note);
}

const reasonOf = (actor: Actor) => (actor === 'SYSTEM' ? 'EXPIRED' : actor);
