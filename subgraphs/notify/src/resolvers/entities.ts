import type { NotifyContext } from '../context';
import type * as Row from '../data/db';

/** `data` is a JSON object by contract; a row holding anything else (written by hand) reads as {}. */
const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const Notification = {
  __resolveReference: ({ id }: { id: string }, ctx: NotifyContext) => ctx.loaders.notification.load(id),
  data: (n: Row.Notification) => asObject(n.data),
};
