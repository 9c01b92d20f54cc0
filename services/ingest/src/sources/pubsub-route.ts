import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '@vigil/core'
import { sendError, toAppError, type Logger, type Metrics } from '@vigil/platform'
import type { AcceptDeps } from '../accept-batch.js'
import type { SharedSecrets } from './access-keys.js'
import { acceptFromSource, type SourceIdentity } from './accept-source.js'
import type { Admission } from './admission.js'
import type { OidcVerifier } from './oidc.js'
import { decodePubSubMessage, parsePubSubPush } from './pubsub.js'

export const PUBSUB_PATH = '/v1/sources/pubsub/:source'

export interface PubSubSourceRoute extends SourceIdentity {
  auth: { type: 'oidc'; verifier: OidcVerifier } | { type: 'token'; token: SharedSecrets<true> }
  maxMessageBytes: number
}

export interface PubSubRouteDeps {
  accept: AcceptDeps
  /** By source name, the last path segment of the push endpoint. */
  sources: ReadonlyMap<string, PubSubSourceRoute>
  admission: Admission
  metrics: Metrics
  logger: Logger
  retryAfterSeconds: number
}

/**
 * Pub/Sub push delivery. Answers 200 only after the message's event is
 * durable, or when the message is poison (dead-lettered: a redelivery cannot
 * fix it); every other status is a negative acknowledgement and Pub/Sub
 * redelivers with backoff. A bad token is 401, so nothing is dropped while
 * the subscription's auth is misconfigured.
 */
export function registerPubSubRoute(app: FastifyInstance, deps: PubSubRouteDeps): void {
  const logger = deps.logger.child({ component: 'ingest.pubsub' })
  const sourceOf = new WeakMap<FastifyRequest, PubSubSourceRoute>()
  const refuse = (reply: FastifyReply, err: AppError, source: string | undefined) => {
    deps.metrics.requestsRejected.inc({ service: 'ingest', code: err.code })
    const line = { source, code: err.code, reason: err.message }
    if (err.status >= 500 && err.code !== 'unavailable' && err.code !== 'shutting_down') logger.error({ ...line, err: err.cause ?? err }, 'pubsub push failed')
    else logger.warn(line, 'pubsub push refused')
    return sendError(reply, err, deps.retryAfterSeconds)
  }

  app.post<{ Params: { source: string }; Querystring: { token?: string } }>(PUBSUB_PATH, {
    onRequest: async (request, reply) => {
      const source = deps.sources.get(request.params.source)
      if (source === undefined) return refuse(reply, new AppError('not_found', `no Pub/Sub push source named ${JSON.stringify(request.params.source)}`), undefined)
      try {
        if (source.auth.type === 'oidc') await source.auth.verifier.verify(request.headers.authorization)
        else if (source.auth.token.lookup(request.query.token) === undefined) throw new AppError('unauthorized', request.query.token === undefined ? 'the push endpoint URL carries no ?token=' : 'unknown push token')
      } catch (err) {
        return refuse(reply, err instanceof AppError ? err : new AppError('unauthorized', (err as Error).message), source.name)
      }
      if (!deps.admission.enter(request)) return refuse(reply, new AppError('overloaded', 'too many requests in flight'), source.name)
      sourceOf.set(request, source)
      return undefined
    },
    onResponse: async (request) => deps.admission.leave(request),
    onRequestAbort: async (request) => deps.admission.leave(request),
    errorHandler: (err, request, reply) => refuse(reply, toAppError(err), sourceOf.get(request)?.name),
    handler: async (request, reply) => {
      const source = sourceOf.get(request) as PubSubSourceRoute
      const body = request.body as Buffer | undefined
      let parsed: unknown
      try {
        parsed = JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'))
      } catch (err) {
        throw new AppError('invalid_json', `the push body is not JSON: ${(err as Error).message}`)
      }
      const push = parsePubSubPush(parsed)
      const decoded = decodePubSubMessage(push, source.maxMessageBytes)
      for (const r of decoded.rejected) logger.warn({ source: source.name, message_id: push.messageId, reason: r.reason, detail: r.detail }, 'pubsub message dead-lettered')
      const publishMs = push.publishTime === undefined ? undefined : Date.parse(push.publishTime)
      const result = await acceptFromSource(deps.accept, source, decoded, publishMs)
      return reply.code(200).send(result)
    },
  })
}
