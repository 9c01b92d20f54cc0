import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { TokenList } from './schemas.js'

export const listTokens = ({ tokens }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/tokens',
    operationId: 'listTokens',
    summary: 'Every managed token (never its secret or digest), with its last use, and the config-file tokens.',
    tags: ['tokens'],
    roles: ACCESS.administer,
    response: TokenList,
    errors: [],
    handler: () => tokens.list(),
  })
