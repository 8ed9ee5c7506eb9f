/** Shipments: list (live), detail (live), tracking updates, carrier assignment, verification. */
import { graphql } from '../../gql';

// A fragment: codegen inlines it into the operations that spread it (no runtime value needed).
graphql(`
  fragment SupplyShipmentFields on Shipment {
    id
    status
    exceptionReason
    createdAt
    updatedAt
    deliveredAt
    verifiedAt
    store {
      id
      code
      name
    }
    logisticsOrganization {
      id
      name
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
  }
`);

/** A fragment (codegen inlines it where spread): the detail adds the tracking history and (for those who may see it) the request. */
graphql(`
  fragment SupplyShipmentDetailFields on Shipment {
    ...SupplyShipmentFields
    stockRequest {
      id
      status
    }
    trackingEvents {
      id
      status
      location
      note
      occurredAt
    }
  }
`);

export const ShipmentsDocument = graphql(`
  query Shipments($first: Int, $after: String, $status: ShipmentStatus) {
    shipments(first: $first, after: $after, status: $status) {
      edges {
        node {
          ...SupplyShipmentFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MyShipmentsUpdatedDocument = graphql(`
  subscription MyShipmentsUpdated {
    myShipmentsUpdated {
      ...SupplyShipmentFields
    }
  }
`);

export const ShipmentDocument = graphql(`
  query Shipment($id: ID!) {
    shipment(id: $id) {
      ...SupplyShipmentDetailFields
    }
  }
`);

export const ShipmentUpdatedDocument = graphql(`
  subscription ShipmentUpdated($id: ID!) {
    shipmentUpdated(shipmentId: $id) {
      ...SupplyShipmentDetailFields
    }
  }
`);

export const RecordTrackingEventDocument = graphql(`
  mutation RecordTrackingEvent($input: RecordTrackingEventInput!) {
    recordTrackingEvent(input: $input) {
      shipment {
        ...SupplyShipmentDetailFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const AssignShipmentDocument = graphql(`
  mutation AssignShipment($input: AssignShipmentInput!) {
    assignShipment(input: $input) {
      shipment {
        ...SupplyShipmentDetailFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const VerifyShipmentDocument = graphql(`
  mutation VerifyShipment($input: VerifyShipmentInput!) {
    verifyShipment(input: $input) {
      shipment {
        ...SupplyShipmentDetailFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
