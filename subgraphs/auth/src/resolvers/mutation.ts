import { unauthenticated } from '@miw/auth';
import type { AuthContext } from '../context';
import type { Session } from '../domain/identity';

const sessionPayload = (session: Session) => ({ ...session, errors: [] });

export const Mutation = {
  requestLoginCode: (_: unknown, { input }: { input: { email: string } }, ctx: AuthContext) => ctx.identity.requestLoginCode(input.email, ctx.clientIp, ctx.correlationId),

  async verifyLoginCode(_: unknown, { input }: { input: { email: string; code: string } }, ctx: AuthContext) {
    const result = await ctx.identity.verifyLoginCode(input.email, input.code);
    return result.session ? sessionPayload(result.session) : { errors: result.errors };
  },

  refreshSession: async (_: unknown, { input }: { input: { refreshToken: string } }, ctx: AuthContext) => sessionPayload(await ctx.identity.refreshSession(input.refreshToken)),

  logout: async (_: unknown, { input }: { input: { refreshToken: string } }, ctx: AuthContext) => ({ sessionsEnded: await ctx.identity.logout(input.refreshToken) }),

  async logoutEverywhere(_: unknown, __: unknown, ctx: AuthContext) {
    if (!ctx.viewer) throw unauthenticated();
    return { sessionsEnded: await ctx.identity.logoutEverywhere(ctx.viewer.userId) };
  },
};
