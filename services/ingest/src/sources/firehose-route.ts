import type { FastifyInstance, FastifyReply } from 'fastify'
import { AppError, ERROR_CATALOG } from '@vigil/core'
import { toAppError, type Logger, type Metrics } from '@vigil/platform'
import type { AcceptDeps } from '../accept-batch.js'
import { decodeContent } from '../decode-body.js'
import { RecentKeys } from '../recent-keys.js'
import type { SharedSecrets } from './access-keys.js'
import { acceptFromSource, type SourceIdentity } from './accept-source.js'
import { decodeFirehoseRequest, parseFirehoseRequest } from './firehose.js'
import type { Admission } from './admission.js'

export const FIREHOSE_PATH = '/v1/sources/firehose'

export interface FirehoseSourceRoute extends SourceIdentity {
  maxRecordBytes: number
}

export interface FirehoseRouteDeps {
  accept: AcceptDeps
  /** Access key → the source it belongs to. */
  keys: SharedSecrets<FirehoseSourceRoute>
  admission: Admission
  metrics: Metrics
  logger: Logger
  /** Request ids of fully persisted requests remembered, so a retry of one is answered without work. */
  recentRequests?: number
}

/**
 * Firehose's HTTP endpoint protocol 1.0. Answers 200 with
 * `{requestId, timestamp}` only after every event of the request is durable
 * (or already was: a retry with a known request id); any other status makes
 * Firehose retry the whole request, so 4xx/5xx go out exactly when vigil
 * did not persist it. Poison records inside a good request are
 * dead-lettered and the request is still acknowledged, since a retry cannot
 * fix them.
 */
export function registerFirehoseRoute(app: FastifyInstance, deps: FirehoseRouteDeps): void {
  const logger = deps.logger.child({ component: 'ingest.firehose' })
  const recent = new RecentKeys(deps.recentRequests ?? 10_000)
  const sourceOf = new WeakMap<object, FirehoseSourceRoute>()

  const fail = (reply: FastifyReply, requestId: string | undefined, err: AppError, source: string | undefined) => {
    deps.metrics.requestsRejected.inc({ service: 'ingest', code: err.code })
    const status = ERROR_CATALOG[err.code].status
    const line = { source, request_id: requestId, code: err.code, reason: err.message }
    if (status >= 500 && err.code !== 'unavailable' && err.code !== 'shutting_down') logger.error({ ...line, err: err.cause ?? err }, 'firehose request failed')
    else logger.warn(line, 'firehose request refused')
    if (status === 429 || status === 503) reply.header('retry-after', String(err.retryAfterSeconds ?? 1))
    return reply
      .code(status)
      .type('application/json')
      .send({ requestId: requestId ?? '', timestamp: Date.now(), errorMessage: `${err.code}: ${err.message}`, error: { code: err.code, message: err.message } })
  }

  app.post(FIREHOSE_PATH, {
    onRequest: async (request, reply) => {
      const requestId = headerOf(request.headers['x-amz-firehose-request-id'])
      const source = deps.keys.lookup(headerOf(request.headers['x-amz-firehose-access-key']))
      if (source === undefined) {
        return fail(reply, requestId, new AppError('unauthorized', request.headers['x-amz-firehose-access-key'] === undefined ? 'X-Amz-Firehose-Access-Key is missing' : 'unknown Firehose access key'), undefined)
      }
      if (!deps.admission.enter(request)) return fail(reply, requestId, new AppError('overloaded', 'too many requests in flight'), source.name)
      sourceOf.set(request, source)
      return undefined
    },
    onResponse: async (request) => deps.admission.leave(request),
    onRequestAbort: async (request) => deps.admission.leave(request),
    errorHandler: (err, request, reply) => fail(reply, headerOf(request.headers['x-amz-firehose-request-id']), toAppError(err), sourceOf.get(request)?.name),
    handler: async (request, reply) => {
      const source = sourceOf.get(request) as FirehoseSourceRoute
      const headerId = headerOf(request.headers['x-amz-firehose-request-id'])
      try {
        const body = request.body as Buffer | undefined
        if (body === undefined || body.length === 0) throw new AppError('invalid_envelope', 'the request body is empty')
        const bytes = await decodeContent(body, request.headers['content-encoding'], deps.accept.limits)
        let parsed: unknown
        try {
          parsed = JSON.parse(bytes.toString('utf8'))
        } catch (err) {
          throw new AppError('invalid_json', `the Firehose request is not JSON: ${(err as Error).message}`)
        }
        const fh = parseFirehoseRequest(parsed, headerId)
        const dedupKey = `${source.name}\u0000${fh.requestId}`
        if (recent.has(dedupKey)) {
          deps.metrics.sourceEvents.inc({ source: source.name, outcome: 'redelivered' }, fh.records.length)
          logger.info({ source: source.name, request_id: fh.requestId }, 'firehose retried a request already persisted')
          return reply.code(200).type('application/json').send({ requestId: fh.requestId, timestamp: Date.now() })
        }
        const decoded = decodeFirehoseRequest(fh, { maxRecordBytes: source.maxRecordBytes })
        for (const r of decoded.rejected) logger.warn({ source: source.name, request_id: fh.requestId, reason: r.reason, detail: r.detail }, 'firehose record dead-lettered')
        await acceptFromSource(deps.accept, source, decoded, fh.timestamp)
        recent.addAll([dedupKey])
        return reply.code(200).type('application/json').send({ requestId: fh.requestId, timestamp: Date.now() })
      } catch (err) {
        return fail(reply, headerId, toAppError(err), source.name)
      }
    },
  })
}

function headerOf(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}
