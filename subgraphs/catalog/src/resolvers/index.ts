import { scalarResolvers } from '@miw/service-kit';
import { Category, Manufacturer, Product, Store } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';

export const resolvers = {
  ...scalarResolvers,
  /** GraphQL enum values EU/CN are stored as 'eu'/'cn'. */
  Region: { EU: 'eu', CN: 'cn' },
  Query,
  Mutation,
  Product,
  Manufacturer,
  Category,
  Store,
};
