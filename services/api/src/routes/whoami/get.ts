import { defineRoute } from '../../route.js'
import { WhoAmI } from '../../schemas.js'

/** Who the bearer token is: scripts check their token with it, and the console shapes itself to the role. */
export const whoami = () =>
  defineRoute({
    method: 'GET',
    url: '/v1/whoami',
    operationId: 'whoami',
    summary: "The calling token's name, role and cluster scope.",
    tags: ['access'],
    roles: ['admin', 'analyst', 'auditor'],
    response: WhoAmI,
    errors: [],
    handler: async ({ principal }) => ({ name: principal!.name, role: principal!.role, clusters: principal!.clusters ?? null }),
  })
