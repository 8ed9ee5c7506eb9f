import { scalarResolvers } from '@miw/service-kit';
import type { Resolvers } from '../schema.generated';
import { Notification } from './entities';
import { Query } from './query';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Notification,
};
