import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { NewToken, RotateTokenBody, TokenIdParams, TokenView } from './schemas.js'

export const rotateToken = ({ tokens }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/tokens/:id/rotate',
    operationId: 'rotateToken',
    summary: 'Replace a managed token by a new one with the same name, role and scope. The old one keeps working for overlap_seconds, then expires.',
    tags: ['tokens'],
    roles: ACCESS.administer,
    params: TokenIdParams,
    body: RotateTokenBody,
    response: NewToken.extend({ previous: TokenView }),
    status: 201,
    errors: [400, 404, 409],
    handler: ({ params, body, principal }) => tokens.rotate(params.id, body, principal!.name),
  })
