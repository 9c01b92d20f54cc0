import { z } from 'zod'
import { defineRoute } from '../route.js'
import { Role } from '../config.js'

export const WhoAmI = z.object({
  name: z.string().describe('The name the token was configured with.'),
  role: Role,
  clusters: z.array(z.string()).nullable().describe('The clusters this token may see; null means every cluster.'),
})

/** Who the bearer token is: scripts check their token with it, and the console shapes itself to the role. */
export function whoamiRoutes() {
  return [
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
    }),
  ]
}
