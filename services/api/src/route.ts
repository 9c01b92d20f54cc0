import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '@vigil/store'
import type { LedgerAccess } from './ledger-access.js'
import { z } from 'zod'
import { AppError } from '@vigil/core'
import { formatIssues } from '@vigil/platform'
import type { Role } from './config.js'
import type { Principal } from './principals.js'

/** What route factories are built from; one file per verb under routes/<resource>/ takes these. */
export interface RouteDeps {
  store: Store
  ledger: LedgerAccess
}

/** An API route described once: the handler, its input and output schemas, and who may call it. */
export interface RouteSpec<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST'
  url: string
  operationId: string
  summary: string
  tags: string[]
  /** Roles allowed; undefined means the route needs no token. */
  roles: readonly Role[] | undefined
  query?: Q
  params?: P
  response: R
  /** Non-200 statuses the route documents, beyond the auth ones. */
  errors: readonly number[]
  handler: (input: { query: z.output<Q>; params: z.output<P>; principal: Principal | undefined; request: FastifyRequest }) => Promise<z.input<R>>
}

export function defineRoute<Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType>(spec: RouteSpec<Q, P, R>): RouteSpec<Q, P, R> {
  return spec
}

function parseInput<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  if (schema === undefined) return undefined as z.output<S>
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError('invalid_query', `invalid ${where}: ${formatIssues(result.error.issues).join('; ')}`)
  return result.data
}

/**
 * Registers routes on an app. Inputs are parsed and every response is
 * validated by its zod schema before it is sent: the OpenAPI document and
 * the wire agree by construction.
 */
export function registerRoutes(app: FastifyInstance, routes: readonly RouteSpec[], authenticate: (request: FastifyRequest, roles: readonly Role[]) => Principal): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const principal = spec.roles === undefined ? undefined : authenticate(request, spec.roles)
        const query = parseInput(spec.query, request.query, 'query')
        const params = parseInput(spec.params, request.params, 'path')
        const body = await spec.handler({ query, params, principal, request })
        const checked = spec.response.safeParse(body)
        if (!checked.success) throw new AppError('internal', `response of ${spec.operationId} does not match its schema: ${formatIssues(checked.error.issues).join('; ')}`)
        return reply.code(200).send(checked.data)
      },
    })
  }
}
