/**
 * Every operation the SDK sends, typed by GraphQL Code Generator (`npm run codegen` writes
 * `./gql`). The fragments are what a partner or 3PL integration needs of each entity; events and
 * query results share them, so a stream event and a re-read after a reconnect have one type.
 */
import { graphql } from './gql';

graphql(`
  fragment PartnerShipment on Shipment {
    id
    status
    exceptionReason
    store {
      id
      code
      name
    }
    logisticsOrganization {
      id
    }
    items {
      id
      quantity
      receivedQuantity
      discrepancy
      product {
        id
        sku
        name
      }
    }
    trackingEvents {
      id
      status
      location
      note
      occurredAt
    }
    deliveredAt
    verifiedAt
    createdAt
    updatedAt
  }
`);

graphql(`
  fragment PartnerInventoryLevel on InventoryLevel {
    id
    store {
      id
    }
    product {
      id
      sku
      name
    }
    onHand
    reserved
    available
    lowStockThreshold
    lowStock
    updatedAt
  }
`);

graphql(`
  fragment PartnerOrder on Order {
    id
    status
    cancelReason
    cancelNote
    total {
      amount
      currency
    }
    items {
      sku
      name
      quantity
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
      product {
        id
      }
    }
    store {
      id
    }
    shippingAddress {
      name
      line1
      line2
      city
      postalCode
      country
    }
    note
    placedAt
    createdAt
    updatedAt
  }
`);

graphql(`
  fragment PartnerPageInfo on PageInfo {
    hasNextPage
    endCursor
  }
`);

// Live events (graphql-ws).

export const ShipmentsSubscription = graphql(`
  subscription PartnerShipments {
    myShipmentsUpdated {
      ...PartnerShipment
    }
  }
`);

export const InventorySubscription = graphql(`
  subscription PartnerInventory($storeId: ID!) {
    inventoryLevelChanged(storeId: $storeId) {
      ...PartnerInventoryLevel
    }
  }
`);

export const OrdersSubscription = graphql(`
  subscription PartnerOrders($storeId: ID!) {
    storeOrdersUpdated(storeId: $storeId) {
      ...PartnerOrder
    }
  }
`);

// Queries: the current state, e.g. to re-read after a reconnect (delivery is at most once).

export const ViewerQuery = graphql(`
  query PartnerViewer {
    me {
      id
      email
      role
      organization {
        id
        name
        kind
      }
    }
  }
`);

export const ShipmentsQuery = graphql(`
  query PartnerShipmentList($first: Int, $after: String, $status: ShipmentStatus) {
    shipments(first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          ...PartnerShipment
        }
      }
      pageInfo {
        ...PartnerPageInfo
      }
    }
  }
`);

export const ShipmentQuery = graphql(`
  query PartnerShipment($id: ID!) {
    shipment(id: $id) {
      ...PartnerShipment
    }
  }
`);

export const StockLevelQuery = graphql(`
  query PartnerStockLevel($storeId: ID!, $productId: ID!) {
    inventoryLevel(storeId: $storeId, productId: $productId) {
      ...PartnerInventoryLevel
    }
  }
`);

export const StoreOrdersQuery = graphql(`
  query PartnerStoreOrders($storeId: ID!, $status: OrderStatus, $first: Int, $after: String) {
    storeOrders(storeId: $storeId, status: $status, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...PartnerOrder
        }
      }
      pageInfo {
        ...PartnerPageInfo
      }
      totalCount
    }
  }
`);

export const OrderQuery = graphql(`
  query PartnerOrderById($id: ID!) {
    order(id: $id) {
      ...PartnerOrder
    }
  }
`);

// Mutations (an API key needs the `write` scope). Expected failures come back in `errors`.

export const RecordTrackingEventMutation = graphql(`
  mutation PartnerRecordTrackingEvent($input: RecordTrackingEventInput!) {
    recordTrackingEvent(input: $input) {
      shipment {
        ...PartnerShipment
      }
      errors {
        code
        field
        message
        currentStatus
      }
    }
  }
`);

export const VerifyShipmentMutation = graphql(`
  mutation PartnerVerifyShipment($input: VerifyShipmentInput!) {
    verifyShipment(input: $input) {
      shipment {
        ...PartnerShipment
      }
      errors {
        code
        field
        message
        currentStatus
      }
    }
  }
`);

export const AdjustInventoryMutation = graphql(`
  mutation PartnerAdjustInventory($input: AdjustInventoryInput!) {
    adjustInventory(input: $input) {
      level {
        ...PartnerInventoryLevel
      }
      errors {
        code
        field
        message
        currentStatus
      }
    }
  }
`);

export const ConfirmOrderMutation = graphql(`
  mutation PartnerConfirmOrder($orderId: ID!) {
    confirmOrder(input: { orderId: $orderId }) {
      order {
        ...PartnerOrder
      }
      errors {
        code
        field
        message
        currentStatus
      }
    }
  }
`);

export const MarkOrderReadyMutation = graphql(`
  mutation PartnerMarkOrderReady($orderId: ID!) {
    markOrderReady(input: { orderId: $orderId }) {
      order {
        ...PartnerOrder
      }
      errors {
        code
        field
        message
        currentStatus
      }
    }
  }
`);
