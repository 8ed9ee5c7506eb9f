/** A person's own account: registration (public), profile changes and erasure (signed in; see ../rules.ts). */
import { deleteMe, register, updateMe } from '../services/accounts';
import type { MutationResolvers } from '../schema.generated';

export const AccountMutation: MutationResolvers = {
  register: (_, { input }, ctx) => register(ctx, { email: input.email, name: input.name, locale: input.locale ?? null }),
  updateMe: (_, { input }, ctx) => updateMe(ctx, { name: input.name, locale: input.locale, phone: input.phone }),
  deleteMe: (_, __, ctx) => deleteMe(ctx),
};
