import type { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Store } from '@vigil/store'
import type { LedgerAccess } from './ledger-access.js'
import type { EvidenceCatalog, EvidenceConfig } from '@vigil/evidence'
import type { LoadedAlerting } from '@vigil/alerts'
import { z } from 'zod'
import { AppError, type ApiRole } from '@vigil/core'
import { formatIssues } from '@vigil/platform'
import { scopeClusters, type Principal } from './principals.js'
import type { TokenAdmin } from './token-admin.js'
import type { Oidc } from './oidc.js'

/** The alerting configuration the api shows and acts on; absent when alerting is off. */
export interface AlertingDeps {
  alerting: LoadedAlerting
  /** Wakes an in-process router after the api wrote to the outbox; a standalone router polls instead. */
  nudge?: (() => void) | undefined
}

/** What route factories are built from; one file per verb under routes/<resource>/ takes these. */
export interface RouteDeps {
  store: Store
  /** Token lifecycle (create, rotate, revoke) over the store's tokens table. */
  tokens: TokenAdmin
  /** People's sign-in; throws not_found when api.oidc is not configured. */
  oidc: () => Oidc
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

/** What a handler gets besides its parsed input. */
export interface HandlerInput<Q, P, B> {
  query: Q
  params: P
  body: B
  principal: Principal | undefined
  /** The principal's cluster scope narrowed by a requested filter; recorded in the access log as the clusters in scope. */
  scope: (requested: string[] | undefined) => string[] | undefined
  request: FastifyRequest
  reply: FastifyReply
  /** Names who the request acted for when no token did (a sign-in), for the access log. */
  actedFor: (principal: Principal) => void
}

/** An API route described once: the handler, its input and output schemas, and who may call it. */
export interface RouteSpec<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST'
  url: string
  operationId: string
  summary: string
  tags: string[]
  /** Roles allowed; undefined means the route needs no token. Stated in the OpenAPI document. */
  roles: readonly ApiRole[] | undefined
  query?: Q
  params?: P
  /** The JSON body, for POST routes that take one. */
  body?: B
  /** The success status; 200 unless the route creates (201) or queues (202). 302 sends the response's `location` as a redirect. */
  status?: 200 | 201 | 202 | 302
  response: R
  /**
   * For routes that stream their answer (exports): the media types they
   * produce. The handler then returns a StreamBody, which is not validated;
   * `response` describes it for the OpenAPI document.
   */
  produces?: readonly string[]
  /** Non-2xx statuses the route documents, beyond the auth ones. */
  errors: readonly number[]
  /** Whether a response carries raw audit payloads (request or response bodies): a sensitive read in the access log. */
  sensitive?: (response: z.output<R>) => boolean
  handler: (input: HandlerInput<z.output<Q>, z.output<P>, z.output<B>>) => Promise<z.input<R> | StreamBody>
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

/** What a request did, for its access record: set by the route wrapper, read when the response is sent. */
export interface RequestOutcome {
  principal?: Principal
  clusters?: string[] | undefined
  rows?: number
  sensitive?: boolean
  errorCode?: string
}

/** Items in a response: the length of `items` when there is one, else one object. */
export function rowsOf(body: unknown): number {
  if (typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items)) return (body as { items: unknown[] }).items.length
  return 1
}

/**
 * Registers routes on an app. Inputs are parsed and every JSON response is
 * validated by its zod schema before it is sent: the OpenAPI document and
 * the wire agree by construction. Each request's principal, scope and row
 * count go into `outcomes` for the access log.
 */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly RouteSpec[],
  authenticate: (request: FastifyRequest, roles: readonly ApiRole[]) => Principal,
  outcomes: WeakMap<FastifyRequest, RequestOutcome>,
): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const outcome: RequestOutcome = outcomes.get(request) ?? {}
        outcomes.set(request, outcome)
        const principal = spec.roles === undefined ? undefined : authenticate(request, spec.roles)
        if (principal !== undefined) outcome.principal = principal
        const query = parseInput(spec.query, request.query, 'query', 'invalid_query')
        const params = parseInput(spec.params, request.params, 'path', 'invalid_query')
        const body = parseInput(spec.body, request.body ?? {}, 'body', 'invalid_body')
        const scope = (requested: string[] | undefined) => {
          const clusters = principal === undefined ? requested : scopeOf(principal, requested)
          outcome.clusters = clusters
          return clusters
        }
        const actedFor = (p: Principal) => {
          outcome.principal = p
        }
        const out = await spec.handler({ query, params, body, principal, scope, request, reply, actedFor })
        if (spec.produces !== undefined && isStream(out)) {
          outcome.rows = 1
          outcome.sensitive = spec.sensitive?.(out as never) ?? false
          for (const [k, v] of Object.entries(out.headers ?? {})) reply.header(k, v)
          return reply.code(200).type(out.contentType).send(out.stream)
        }
        const checked = spec.response.safeParse(out)
        if (!checked.success) throw new AppError('internal', `response of ${spec.operationId} does not match its schema: ${formatIssues(checked.error.issues).join('; ')}`)
        outcome.rows = rowsOf(checked.data)
        outcome.sensitive = spec.sensitive?.(checked.data) ?? false
        if (spec.status === 302) return reply.code(302).header('location', (checked.data as { location: string }).location).send()
        return reply.code(spec.status ?? 200).send(checked.data)
      },
    })
  }
}

const scopeOf = scopeClusters
