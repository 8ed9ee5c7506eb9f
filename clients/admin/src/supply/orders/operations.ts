/** Orders: the admins' filtered list, a store's orders (live), the detail (live) and its steps, the manufacturers' demand. */
import { graphql } from '../../gql';

// A fragment: codegen inlines it into the operations that spread it (no runtime value needed).
graphql(`
  fragment SupplyOrderRowFields on Order {
    id
    status
    createdAt
    placedAt
    total {
      amount
      currency
    }
    store {
      id
      code
      name
    }
    customer {
      id
      email
      name
    }
    payment {
      provider
      status
    }
    items {
      sku
      name
      quantity
    }
  }
`);

// A fragment: codegen inlines it into the operations that spread it (no runtime value needed).
graphql(`
  fragment SupplyOrderDetailFields on Order {
    ...SupplyOrderRowFields
    cancelReason
    cancelNote
    note
    expiresAt
    updatedAt
    payment {
      provider
      status
      declineReason
      amount {
        amount
        currency
      }
    }
    shippingAddress {
      name
      line1
      line2
      city
      postalCode
      country
    }
    items {
      sku
      name
      quantity
      product {
        id
      }
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
    }
  }
`);

export const OrdersDocument = graphql(`
  query Orders($filter: OrdersFilter, $first: Int, $after: String) {
    orders(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...SupplyOrderRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StoreOrdersDocument = graphql(`
  query StoreOrders($storeId: ID!, $status: OrderStatus, $first: Int, $after: String) {
    storeOrders(storeId: $storeId, status: $status, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...SupplyOrderRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StoreOrdersUpdatedDocument = graphql(`
  subscription StoreOrdersUpdated($storeId: ID!) {
    storeOrdersUpdated(storeId: $storeId) {
      ...SupplyOrderRowFields
    }
  }
`);

export const DemandOrdersDocument = graphql(`
  query DemandOrders($status: OrderStatus, $first: Int, $after: String) {
    demandOrders(status: $status, first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          status
          createdAt
          store {
            id
            code
            name
          }
          items {
            sku
            name
            quantity
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const OrderDocument = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      ...SupplyOrderDetailFields
    }
  }
`);

export const OrderUpdatedDocument = graphql(`
  subscription OrderUpdated($id: ID!) {
    orderUpdated(orderId: $id) {
      ...SupplyOrderDetailFields
    }
  }
`);


export const ConfirmOrderDocument = graphql(`
  mutation ConfirmOrder($input: OrderActionInput!) {
    confirmOrder(input: $input) {
      order {
        ...SupplyOrderDetailFields
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

export const MarkOrderReadyDocument = graphql(`
  mutation MarkOrderReady($input: OrderActionInput!) {
    markOrderReady(input: $input) {
      order {
        ...SupplyOrderDetailFields
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

export const ShipOrderDocument = graphql(`
  mutation ShipOrder($input: OrderActionInput!) {
    shipOrder(input: $input) {
      order {
        ...SupplyOrderDetailFields
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

export const FulfillOrderDocument = graphql(`
  mutation FulfillOrder($input: OrderActionInput!) {
    fulfillOrder(input: $input) {
      order {
        ...SupplyOrderDetailFields
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

export const CancelOrderDocument = graphql(`
  mutation CancelOrder($input: CancelOrderInput!) {
    cancelOrder(input: $input) {
      order {
        ...SupplyOrderDetailFields
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
