/** The operations every client shares: login by email code, sessions, the signed-in user. */
import { graphql } from './gql';

export const SessionUserFields = graphql(`
  fragment SessionUserFields on User {
    id
    email
    name
    role
    locale
    homeRegion
    organization {
      id
      name
      kind
    }
  }
`);

export const RequestLoginCodeDocument = graphql(`
  mutation RequestLoginCode($input: RequestLoginCodeInput!) {
    requestLoginCode(input: $input) {
      expiresInSeconds
    }
  }
`);

export const VerifyLoginCodeDocument = graphql(`
  mutation VerifyLoginCode($input: VerifyLoginCodeInput!) {
    verifyLoginCode(input: $input) {
      accessToken
      refreshToken
      user {
        ...SessionUserFields
      }
      errors {
        code
        message
      }
    }
  }
`);

export const RefreshSessionDocument = graphql(`
  mutation RefreshSession($input: RefreshSessionInput!) {
    refreshSession(input: $input) {
      accessToken
      refreshToken
      errors {
        code
      }
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout($input: LogoutInput!) {
    logout(input: $input) {
      sessionsEnded
    }
  }
`);

export const MeDocument = graphql(`
  query Me {
    me {
      ...SessionUserFields
    }
  }
`);

export const UpdateMeDocument = graphql(`
  mutation UpdateMe($input: UpdateMeInput!) {
    updateMe(input: $input) {
      user {
        ...SessionUserFields
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      expiresInSeconds
      errors {
        code
        field
        message
      }
    }
  }
`);
