import { z } from 'zod'
import { defineRoute, type RouteDeps } from '../../route.js'

export const signIn = ({ oidc }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/auth/login',
    operationId: 'signIn',
    summary: 'Start an OpenID Connect sign-in: redirects to the identity provider (authorization code with PKCE). 404 when api.oidc is not configured.',
    tags: ['auth'],
    roles: undefined,
    response: z.object({ location: z.string() }),
    status: 302,
    errors: [404],
    handler: async ({ reply }) => {
      const started = await oidc().login()
      reply.header('set-cookie', started.cookie)
      return { location: started.location }
    },
  })
