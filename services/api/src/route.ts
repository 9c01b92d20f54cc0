import type { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '@vigil/store'
import type { LedgerAccess } from './ledger-access.js'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import type { LoadedAlerting } from '@vigil/alerts'
import { z } from 'zod'
import { AppError } from '@vigil/core'
import { formatIssues } from '@vigil/platform'
import type { Role } from './config.js'
import type { Principal } from './principals.js'

/** The alerting configuration the api shows and acts on; absent when alerting is off. */
export interface AlertingDeps {
  alerting: LoadedAlerting
  /** Wakes an in-process router after the api wrote to the outbox; a standalone router polls instead. */
  nudge?: (() => void) | undefined
}

/** What route factories are built from; one file per verb under routes/<resource>/ takes these. */
export interface RouteDeps {
  store: Store
  ledger: LedgerAccess
  /** The control catalogs and rule mappings evidence is built from, and the evidence settings. */
  evidence: { catalog: EvidenceCatalog; config: EvidenceConfig }
  version: string
  now: () => Date
  /** Sinks and the router's nudge; absent when alerting is off. */
  alerts?: AlertingDeps | undefined
}

/** A streamed (non-JSON) answer: the bytes, their media type and extra headers. */
export interface StreamBody {
  stream: Readable
  contentType: string
  headers?: Record<string, string>
}

/** An API route described once: the handler, its input and output schemas, and who may call it. */
export interface RouteSpec<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST'
  url: string
  operationId: string
  summary: string
  tags: string[]
  /** Roles allowed; undefined means the route needs no token. */
  roles: readonly Role[] | undefined
  query?: Q
  params?: P
  /** The JSON body, for POST routes that take one. */
  body?: B
  /** The success status; 200 unless the route creates (201) or queues (202). */
  status?: 200 | 201 | 202
  response: R
  /**
   * For routes that stream their answer (exports): the media types they
   * produce. The handler then returns a StreamBody, which is not validated;
   * `response` describes it for the OpenAPI document.
   */
  produces?: readonly string[]
  /** Non-200 statuses the route documents, beyond the auth ones. */
  errors: readonly number[]
  handler: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B>; principal: Principal | undefined; request: FastifyRequest }) => Promise<z.input<R> | StreamBody>
}

export function defineRoute<Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodUndefined>(spec: RouteSpec<Q, P, R, B>): RouteSpec<Q, P, R, B> {
  return spec
}

function parseInput<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string, code: 'invalid_query' | 'invalid_body'): z.output<S> {
  if (schema === undefined) return undefined as z.output<S>
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError(code, `invalid ${where}: ${formatIssues(result.error.issues).join('; ')}`)
  return result.data
}

function isStream(x: unknown): x is StreamBody {
  return typeof x === 'object' && x !== null && 'stream' in x && 'contentType' in x
}

/**
 * Registers routes on an app. Inputs are parsed and every JSON response is
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
        const query = parseInput(spec.query, request.query, 'query', 'invalid_query')
        const params = parseInput(spec.params, request.params, 'path', 'invalid_query')
        const body = parseInput(spec.body, request.body ?? {}, 'body', 'invalid_body')
        const out = await spec.handler({ query, params, body, principal, request })
        if (spec.produces !== undefined && isStream(out)) {
          for (const [k, v] of Object.entries(out.headers ?? {})) reply.header(k, v)
          return reply.code(200).type(out.contentType).send(out.stream)
        }
        const checked = spec.response.safeParse(out)
        if (!checked.success) throw new AppError('internal', `response of ${spec.operationId} does not match its schema: ${formatIssues(checked.error.issues).join('; ')}`)
        return reply.code(spec.status ?? 200).send(checked.data)
      },
    })
  }
}
