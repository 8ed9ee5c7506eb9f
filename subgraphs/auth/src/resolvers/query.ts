import type { QueryResolvers } from '../schema.generated';

export const Query: QueryResolvers = {
  /** Null while the request has no viewer. */
  me: (_, __, ctx) => (ctx.viewer ? ctx.loaders.user.load(ctx.viewer.userId) : null),
};
