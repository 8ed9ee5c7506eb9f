import { scalarResolvers } from '@miw/service-kit';
import { Organization, User } from './entities';
import { AdminMutation, AdminQuery } from './admin';
import { Mutation } from './mutation';
import { Query } from './query';

export const resolvers = {
  ...scalarResolvers,
  /** GraphQL enum values EU/CN are stored as 'eu'/'cn'. */
  Region: { EU: 'eu', CN: 'cn' },
  Query: { ...Query, ...AdminQuery },
  Mutation: { ...Mutation, ...AdminMutation },
  User: { ...User, deactivatedAt: (u: { deletedAt: Date | null }) => u.deletedAt },
  Organization,
};
