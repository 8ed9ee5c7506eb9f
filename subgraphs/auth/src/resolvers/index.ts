import { DateTimeScalar, JSONObjectScalar } from '@miw/service-kit';
import type { Resolvers } from '../schema.generated';
import { AccountMutation } from './accounts';
import { AdminMutation, AdminQuery } from './admin';
import { ApiKey, ApiKeyMutation, ApiKeyQuery } from './api-keys';
import { AuditEntry, Invitation, Organization, User } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';
import { SyncStatusQuery } from './sync-status';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSONObject: JSONObjectScalar,
  /** GraphQL enum values EU/CN are stored as 'eu'/'cn'. */
  Region: { EU: 'eu', CN: 'cn' },
  Query: { ...Query, ...AdminQuery, ...ApiKeyQuery, ...SyncStatusQuery },
  Mutation: { ...Mutation, ...AdminMutation, ...ApiKeyMutation, ...AccountMutation },
  User,
  ApiKey,
  Organization,
  Invitation,
  AuditEntry,
};
