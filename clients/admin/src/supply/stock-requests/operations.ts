/** Stock requests: list, detail (live), and each role's step (create, approve, reject, acknowledge, ship). */
import { graphql } from '../../gql';

// A fragment: codegen inlines it into the operations that spread it (no runtime value needed).
graphql(`
  fragment SupplyStockRequestFields on StockRequest {
    id
    status
    note
    rejectionReason
    createdAt
    updatedAt
    store {
      id
      code
      name
    }
    items {
      id
      requestedQuantity
      approvedQuantity
      product {
        id
        sku
        name
      }
    }
    shipments {
      id
      status
    }
  }
`);

export const StockRequestsDocument = graphql(`
  query StockRequests($first: Int, $after: String, $status: StockRequestStatus) {
    stockRequests(first: $first, after: $after, status: $status) {
      edges {
        node {
          ...SupplyStockRequestFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StockRequestDocument = graphql(`
  query StockRequest($id: ID!) {
    stockRequest(id: $id) {
      ...SupplyStockRequestFields
    }
  }
`);

export const StockRequestUpdatedDocument = graphql(`
  subscription StockRequestUpdated($id: ID!) {
    stockRequestUpdated(id: $id) {
      ...SupplyStockRequestFields
    }
  }
`);

export const CreateStockRequestDocument = graphql(`
  mutation CreateStockRequest($input: CreateStockRequestInput!) {
    createStockRequest(input: $input) {
      stockRequest {
        ...SupplyStockRequestFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ApproveStockRequestDocument = graphql(`
  mutation ApproveStockRequest($input: ApproveStockRequestInput!) {
    approveStockRequest(input: $input) {
      stockRequest {
        ...SupplyStockRequestFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RejectStockRequestDocument = graphql(`
  mutation RejectStockRequest($input: RejectStockRequestInput!) {
    rejectStockRequest(input: $input) {
      stockRequest {
        ...SupplyStockRequestFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AcknowledgeStockRequestDocument = graphql(`
  mutation AcknowledgeStockRequest($input: AcknowledgeStockRequestInput!) {
    acknowledgeStockRequest(input: $input) {
      stockRequest {
        ...SupplyStockRequestFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CreateShipmentDocument = graphql(`
  mutation CreateShipment($input: CreateShipmentInput!) {
    createShipment(input: $input) {
      shipment {
        id
        status
        stockRequest {
          ...SupplyStockRequestFields
        }
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
