import { scalarResolvers } from '@miw/service-kit';
import { Cart, CartItem, Order, OrderItem } from './entities';
import { Query } from './query';

export const resolvers = {
  ...scalarResolvers,
  Query,
  Order,
  OrderItem,
  Cart,
  CartItem,
};
