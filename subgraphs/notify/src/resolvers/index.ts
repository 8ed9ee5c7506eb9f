import { scalarResolvers } from '@miw/service-kit';
import { Notification } from './entities';
import { Query } from './query';

export const resolvers = {
  ...scalarResolvers,
  Query,
  Notification,
};
