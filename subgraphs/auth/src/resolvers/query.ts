import type { AuthContext } from '../context';

export const Query = {
  /** Null while the request has no viewer (authentication comes later). */
  me(_: unknown, __: unknown, ctx: AuthContext) {
    return ctx.viewer ? ctx.loaders.user.load(ctx.viewer.userId) : null;
  },
};
