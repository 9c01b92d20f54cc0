import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { CreateTokenBody, NewToken } from './schemas.js'

export const createToken = ({ tokens }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/tokens',
    operationId: 'createToken',
    summary: 'Create a token for an API role or an ingest cluster. The response holds the secret, once.',
    tags: ['tokens'],
    roles: ACCESS.administer,
    body: CreateTokenBody,
    response: NewToken,
    status: 201,
    errors: [400],
    handler: ({ body, principal }) => tokens.create(body, principal!.name),
  })
