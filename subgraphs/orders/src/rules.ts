/**
 * Who may use each root field of the orders subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test. Row-level
 * rules (whose order, which store) live in the services.
 */
import { allow, type AccessRules } from '@miw/auth';

/** Shoppers buy; store staff and admins run orders; manufacturers read demand. */
const SHOPPERS = allow.roles('CUSTOMER');
const STORE_STAFF = allow.roles('PARTNER', 'ADMIN');

export const rules: AccessRules = {
  Query: {
    order: allow.authenticated,
    myOrders: allow.authenticated,
    storeOrders: STORE_STAFF,
    orders: allow.roles('ADMIN'),
    demandOrders: allow.roles('MANUFACTURER'),
    myCart: SHOPPERS,
    myCarts: SHOPPERS,
  },
  Mutation: {
    addToCart: SHOPPERS,
    updateCartItem: SHOPPERS,
    removeFromCart: SHOPPERS,
    clearCart: SHOPPERS,
    checkout: SHOPPERS,
    confirmOrder: STORE_STAFF,
    markOrderReady: STORE_STAFF,
    shipOrder: STORE_STAFF,
    fulfillOrder: STORE_STAFF,
    cancelOrder: allow.roles('CUSTOMER', 'PARTNER', 'ADMIN'),
  },
};
