import { z } from 'zod'
import { ApiRole } from '@vigil/core'
import { parseCookies } from '../../oidc.js'
import { defineRoute, type RouteDeps } from '../../route.js'

export const signInCallback = ({ oidc }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/auth/callback',
    operationId: 'signInCallback',
    summary: 'Where the identity provider returns: checks state, PKCE and the ID token, maps groups to a role, and sets a short-lived httpOnly, SameSite session cookie. A person in no mapped group gets 403 and no session.',
    tags: ['auth'],
    roles: undefined,
    query: z.record(z.string(), z.unknown()),
    response: z.object({ signed_in_as: z.string(), role: ApiRole, clusters: z.array(z.string()).nullable() }),
    errors: [401, 403, 404],
    handler: async ({ request, reply, actedFor }) => {
      const url = new URL(request.url, 'http://callback.invalid')
      const done = await oidc().callback(url, parseCookies(request.headers.cookie))
      actedFor(done.principal)
      reply.header('set-cookie', [done.cookie, done.clearLogin])
      return { signed_in_as: done.principal.name, role: done.principal.role, clusters: done.principal.clusters ?? null }
    },
  })
