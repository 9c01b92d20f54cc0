import { z } from 'zod'
import { AppError } from '@vigil/core'
import { defineRoute, type RouteDeps } from '../../route.js'

export const signInMethods = ({ oidc }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/auth/methods',
    operationId: 'signInMethods',
    summary: 'How people may sign in, for a login page: oidc is true when api.oidc is configured (GET /auth/login then works). Bearer tokens always work.',
    tags: ['auth'],
    roles: undefined,
    response: z.object({ oidc: z.boolean() }),
    errors: [],
    handler: async () => {
      try {
        oidc()
        return { oidc: true }
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') return { oidc: false }
        throw err
      }
    },
  })
