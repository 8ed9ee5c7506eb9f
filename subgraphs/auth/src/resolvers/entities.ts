import type { AuthContext } from '../context';
import type * as Row from '../data/db';

const reference =
  <K extends 'user' | 'organization'>(loader: K) =>
  ({ id }: { id: string }, ctx: AuthContext) =>
    ctx.loaders[loader].load(id);

export const User = {
  __resolveReference: reference('user'),
  organization: (u: Row.User, _: unknown, ctx: AuthContext) => (u.organizationId ? ctx.loaders.organization.load(u.organizationId) : null),
};

export const Organization = {
  __resolveReference: reference('organization'),
};
