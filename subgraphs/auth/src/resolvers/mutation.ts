/** Login and sessions (public, except logoutEverywhere: see ../rules.ts). */
import { requestLoginCode, verifyLoginCode } from '../services/login';
import { logout, logoutEverywhere, refreshSession, type Session } from '../services/sessions';
import type { MutationResolvers } from '../schema.generated';

const sessionPayload = (session: Session) => ({ ...session, errors: [] });

export const Mutation: MutationResolvers = {
  requestLoginCode: (_, { input }, ctx) => requestLoginCode(ctx, { email: input.email }),

  async verifyLoginCode(_, { input }, ctx) {
    const result = await verifyLoginCode(ctx, { email: input.email, code: input.code });
    return result.session ? sessionPayload(result.session) : { errors: result.errors };
  },

  refreshSession: async (_, { input }, ctx) => sessionPayload(await refreshSession(ctx, { refreshToken: input.refreshToken })),

  logout: async (_, { input }, ctx) => ({ sessionsEnded: await logout(ctx, { refreshToken: input.refreshToken }) }),

  logoutEverywhere: async (_, __, ctx) => ({ sessionsEnded: await logoutEverywhere(ctx) }),
};
