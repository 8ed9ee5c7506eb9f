import { DateTimeScalar } from '@miw/service-kit';
import type { Resolvers } from '../schema.generated';
import { Cart, CartItem, Order, OrderItem } from './entities';
import { Query } from './query';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Order,
  OrderItem,
  Cart,
  CartItem,
};
