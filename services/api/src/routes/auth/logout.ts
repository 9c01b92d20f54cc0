import { z } from 'zod'
import { parseCookies } from '../../oidc.js'
import { defineRoute, type RouteDeps } from '../../route.js'

export const signOut = ({ oidc }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/auth/logout',
    operationId: 'signOut',
    summary: 'End the session: the cookie stops working at once. end_session_url is the provider\'s logout, to end the sign-in there too.',
    tags: ['auth'],
    roles: undefined,
    response: z.object({ ended: z.boolean(), end_session_url: z.string().nullable() }),
    errors: [404],
    handler: async ({ request, reply }) => {
      const out = await oidc().logout(parseCookies(request.headers.cookie))
      reply.header('set-cookie', out.cookie)
      return { ended: out.ended, end_session_url: out.end_session_url }
    },
  })
