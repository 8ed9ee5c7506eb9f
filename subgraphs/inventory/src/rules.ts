/**
 * Who may use each root field of the inventory subgraph. Every Query and Mutation field needs a rule:
 * a field without one stops the service at start-up and fails the role-matrix test. Row-level
 * rules (which store, product or shipment) sit in the resolvers and src/domain/audience.ts.
 */
import { allow, type AccessRules } from '@miw/auth';

const SUPPLY_CHAIN_READERS = allow.roles('ADMIN', 'PARTNER', 'MANUFACTURER');

export const rules: AccessRules = {
  Query: {
    inventoryLevel: SUPPLY_CHAIN_READERS,
    stockRequests: SUPPLY_CHAIN_READERS,
    stockRequest: SUPPLY_CHAIN_READERS,
    shipments: allow.roles('ADMIN', 'PARTNER', 'MANUFACTURER', 'LOGISTICS'),
    shipment: allow.roles('ADMIN', 'PARTNER', 'MANUFACTURER', 'LOGISTICS'),
    myShipments: allow.roles('LOGISTICS'),
  },
  Mutation: {
    adjustInventory: allow.roles('ADMIN', 'PARTNER'),
    setLowStockThreshold: allow.roles('ADMIN', 'PARTNER'),
    createStockRequest: allow.roles('ADMIN', 'PARTNER'),
    approveStockRequest: allow.roles('ADMIN'),
    rejectStockRequest: allow.roles('ADMIN'),
    acknowledgeStockRequest: allow.roles('ADMIN', 'MANUFACTURER'),
    createShipment: allow.roles('ADMIN', 'MANUFACTURER'),
    assignShipment: allow.roles('ADMIN'),
    recordTrackingEvent: allow.roles('ADMIN', 'LOGISTICS'),
    verifyShipment: allow.roles('ADMIN', 'PARTNER'),
  },
};
