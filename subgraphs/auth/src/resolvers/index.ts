import { scalarResolvers } from '@miw/service-kit';
import { Organization, User } from './entities';
import { AdminMutation, AdminQuery } from './admin';
import { ApiKeyMutation, ApiKeyQuery } from './api-keys';
import { Mutation } from './mutation';
import { Query } from './query';
import { SyncStatusQuery } from './sync-status';

export const resolvers = {
  ...scalarResolvers,
  /** GraphQL enum values EU/CN are stored as 'eu'/'cn'. */
  Region: { EU: 'eu', CN: 'cn' },
  Query: { ...Query, ...AdminQuery, ...ApiKeyQuery, ...SyncStatusQuery },
  Mutation: { ...Mutation, ...AdminMutation, ...ApiKeyMutation },
  User: { ...User, deactivatedAt: (u: { deletedAt: Date | null }) => u.deletedAt },
  Organization,
};
