/** Every operation of the core area (typed by codegen from the committed supergraph). */
import { graphql } from '../gql';

// Notifications

// Fragments: codegen inlines them into the operations that spread them (no runtime value needed).
graphql(`
  fragment CoreNotificationFields on Notification {
    id
    type
    title
    body
    readAt
    createdAt
    link {
      entity
      id
    }
  }
`);

export const NotificationsDocument = graphql(`
  query CoreNotifications($first: Int, $after: String, $unreadOnly: Boolean) {
    unreadNotificationCount
    myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      edges {
        cursor
        node {
          ...CoreNotificationFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const NotificationAddedDocument = graphql(`
  subscription CoreNotificationAdded {
    notificationAdded {
      ...CoreNotificationFields
    }
  }
`);

export const MarkNotificationReadDocument = graphql(`
  mutation CoreMarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      notification {
        id
        readAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const MarkAllNotificationsReadDocument = graphql(`
  mutation CoreMarkAllNotificationsRead {
    markAllNotificationsRead {
      count
    }
  }
`);

// Catalog

graphql(`
  fragment CoreProductFields on Product {
    id
    sku
    name
    description
    price {
      amount
      currency
    }
    attributes
    images
    status
    originRegion
    updatedAt
    manufacturer {
      id
      name
    }
    category {
      id
      name
    }
  }
`);

export const ProductsDocument = graphql(`
  query CoreProducts($filter: ProductFilter, $orderBy: ProductOrderBy, $first: Int, $after: String) {
    products(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...CoreProductFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ProductDocument = graphql(`
  query CoreProduct($id: ID!) {
    product(id: $id) {
      ...CoreProductFields
    }
  }
`);

export const CreateProductDocument = graphql(`
  mutation CoreCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      product {
        ...CoreProductFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateProductDocument = graphql(`
  mutation CoreUpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      product {
        ...CoreProductFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ArchiveProductDocument = graphql(`
  mutation CoreArchiveProduct($id: ID!) {
    archiveProduct(input: { id: $id }) {
      product {
        id
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CategoriesDocument = graphql(`
  query CoreCategories {
    categories {
      id
      name
      slug
      parent {
        id
      }
    }
  }
`);

export const CreateCategoryDocument = graphql(`
  mutation CoreCreateCategory($input: CreateCategoryInput!) {
    createCategory(input: $input) {
      category {
        id
        name
        slug
        parent {
          id
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

export const UpdateCategoryDocument = graphql(`
  mutation CoreUpdateCategory($input: UpdateCategoryInput!) {
    updateCategory(input: $input) {
      category {
        id
        name
        slug
        parent {
          id
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

export const ManufacturersDocument = graphql(`
  query CoreManufacturers($search: String, $first: Int, $after: String) {
    manufacturers(search: $search, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          country
          organization {
            id
            name
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

export const CreateManufacturerDocument = graphql(`
  mutation CoreCreateManufacturer($input: CreateManufacturerInput!) {
    createManufacturer(input: $input) {
      manufacturer {
        id
        name
        country
        organization {
          id
          name
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

export const UpdateManufacturerDocument = graphql(`
  mutation CoreUpdateManufacturer($input: UpdateManufacturerInput!) {
    updateManufacturer(input: $input) {
      manufacturer {
        id
        name
        country
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

graphql(`
  fragment CoreStoreFields on Store {
    id
    code
    name
    region
    address {
      line1
      line2
      city
      postalCode
      country
    }
    location {
      lat
      lng
    }
    partnerOrganization {
      id
      name
    }
  }
`);

export const StoresDocument = graphql(`
  query CoreStores {
    stores(first: 100) {
      ...CoreStoreFields
    }
  }
`);

export const CreateStoreDocument = graphql(`
  mutation CoreCreateStore($input: CreateStoreInput!) {
    createStore(input: $input) {
      store {
        ...CoreStoreFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateStoreDocument = graphql(`
  mutation CoreUpdateStore($input: UpdateStoreInput!) {
    updateStore(input: $input) {
      store {
        ...CoreStoreFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// Dashboard

export const DashboardDocument = graphql(`
  query CoreDashboard($date: String!) {
    dailyReport(date: $date) {
      date
      ordersPlaced
      ordersFulfilled
      ordersCancelled
      revenue {
        currency
        amount
      }
      lowStockLevels
      discrepancies
    }
    stockRequests(first: 50, status: REQUESTED) {
      edges {
        node {
          id
        }
      }
      pageInfo {
        hasNextPage
      }
    }
    shipments(first: 20, status: EXCEPTION) {
      edges {
        node {
          id
          exceptionReason
          updatedAt
          store {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

/** Separate from the dashboard's counts: together they pass the gateway's query cost limit. */
export const LowStockDocument = graphql(`
  query CoreLowStock($region: Region!) {
    stores(region: $region, first: 100) {
      id
      name
      inventoryLevels {
        id
        lowStock
        available
        lowStockThreshold
        product {
          id
          name
        }
      }
    }
  }
`);

export const SyncStatusDocument = graphql(`
  query CoreSyncStatus {
    syncStatus {
      reachable
      directions {
        direction
        applied
        deadLettered
        lagP50Ms
        lagP99Ms
        lastAppliedAt
      }
    }
  }
`);

export const ShipmentsChangedDocument = graphql(`
  subscription CoreShipmentsChanged {
    myShipmentsUpdated {
      id
      status
    }
  }
`);

// People

export const UsersDocument = graphql(`
  query CoreUsers($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          email
          name
          role
          homeRegion
          deactivatedAt
          createdAt
          organization {
            id
            name
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

export const OrganizationsDocument = graphql(`
  query CoreOrganizations($filter: OrganizationFilter, $first: Int, $after: String) {
    organizations(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          kind
          createdAt
          deactivatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);


export const CreateUserDocument = graphql(`
  mutation CoreCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const UpdateUserDocument = graphql(`
  mutation CoreUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        id
        role
        organization {
          id
          name
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

export const DeactivateUserDocument = graphql(`
  mutation CoreDeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      user {
        id
        deactivatedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const InviteDocument = graphql(`
  mutation CoreInvite($input: InviteToOrganizationInput!) {
    inviteToOrganization(input: $input) {
      invitation {
        id
        status
        expiresAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const CreateOrganizationDocument = graphql(`
  mutation CoreCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      organization {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DeactivateOrganizationDocument = graphql(`
  mutation CoreDeactivateOrganization($id: ID!) {
    deactivateOrganization(id: $id) {
      organization {
        id
        deactivatedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// Integrations

export const WebhooksDocument = graphql(`
  query CoreWebhooks($organizationId: ID) {
    webhookEventTypes
    webhookEndpoints(organizationId: $organizationId) {
      id
      url
      eventTypes
      description
      enabled
      disabledReason
      failingSince
      createdAt
    }
  }
`);

export const WebhookDeliveriesDocument = graphql(`
  query CoreWebhookDeliveries($endpointId: ID!, $first: Int, $after: String) {
    webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          eventType
          status
          attempts
          responseCode
          lastError
          deliveredAt
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateWebhookDocument = graphql(`
  mutation CoreCreateWebhook($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        id
      }
      secret
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation CoreRotateWebhookSecret($id: ID!) {
    rotateWebhookEndpointSecret(id: $id) {
      secret
      errors {
        code
        field
        message
      }
    }
  }
`);

export const DeleteWebhookDocument = graphql(`
  mutation CoreDeleteWebhook($id: ID!) {
    deleteWebhookEndpoint(id: $id) {
      endpoint {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const ApiKeysDocument = graphql(`
  query CoreApiKeys {
    myApiKeys {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      revokedAt
    }
  }
`);

export const CreateApiKeyDocument = graphql(`
  mutation CoreCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        id
      }
      key
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation CoreRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      apiKey {
        id
        revokedAt
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RedeliverWebhookDocument = graphql(`
  mutation CoreRedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      delivery {
        id
        status
        attempts
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

// Audit

export const AuditLogDocument = graphql(`
  query CoreAuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          at
          actorKind
          actorId
          apiKeyId
          action
          targetType
          targetId
          before
          after
          region
          correlationId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const InvitationsDocument = graphql(`
  query CoreInvitations($organizationId: ID!, $first: Int, $after: String) {
    invitations(organizationId: $organizationId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          role
          status
          createdAt
          expiresAt
          user {
            id
            email
            name
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

export const RevokeInvitationDocument = graphql(`
  mutation CoreRevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      invitation {
        id
        status
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
