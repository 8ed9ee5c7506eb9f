import { DateTimeScalar } from '@miw/service-kit';
import type { Resolvers } from '../schema.generated';
import { AdminMutation, AdminQuery } from './admin';
import { ApiKeyMutation, ApiKeyQuery } from './api-keys';
import { Organization, User } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';
import { SyncStatusQuery } from './sync-status';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  /** GraphQL enum values EU/CN are stored as 'eu'/'cn'. */
  Region: { EU: 'eu', CN: 'cn' },
  Query: { ...Query, ...AdminQuery, ...ApiKeyQuery, ...SyncStatusQuery },
  Mutation: { ...Mutation, ...AdminMutation, ...ApiKeyMutation },
  User,
  Organization,
};
