import { scalarResolvers } from '@miw/service-kit';
import type { Resolvers } from '../schema.generated';
import { Category, Manufacturer, Product, ProductConnection, Store } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';

export const resolvers: Resolvers = {
  ...scalarResolvers,
  /** GraphQL enum values EU/CN are stored as 'eu'/'cn'. */
  Region: { EU: 'eu', CN: 'cn' },
  Query,
  Mutation,
  Product,
  ProductConnection,
  Manufacturer,
  Category,
  Store,
};
