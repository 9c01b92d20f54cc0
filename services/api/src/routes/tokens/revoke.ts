import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { TokenIdParams, TokenView } from './schemas.js'

export const revokeToken = ({ tokens }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/tokens/:id/revoke',
    operationId: 'revokeToken',
    summary: 'Revoke a managed token. Every api and ingest process refuses it within one poll interval. Revoking twice is harmless.',
    tags: ['tokens'],
    roles: ACCESS.administer,
    params: TokenIdParams,
    response: TokenView,
    errors: [400, 404],
    handler: ({ params, principal }) => tokens.revoke(params.id, principal!.name),
  })
