import type { TLSSocket } from 'node:tls'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { AppError } from '@vigil/core'
import { httpServerOptions, installErrorHandling, sendError, type Logger, type Metrics } from '@vigil/platform'
import { acceptBatch, type AcceptDeps } from './accept-batch.js'
import type { ClusterTokens } from './tokens.js'
import type { SharedSecrets } from './sources/access-keys.js'
import { createAdmission } from './sources/admission.js'
import { registerFirehoseRoute, type FirehoseSourceRoute } from './sources/firehose-route.js'
import { registerPubSubRoute, type PubSubSourceRoute } from './sources/pubsub-route.js'

/** The push sources (Firehose, Pub/Sub) configured in ingest.sources, resolved by the composition root. */
export interface IngestSourceRoutes {
  firehose: SharedSecrets<FirehoseSourceRoute> | undefined
  pubsub: ReadonlyMap<string, PubSubSourceRoute>
}

export interface IngestAppDeps {
  accept: AcceptDeps
  tokens: ClusterTokens
  metrics: Metrics
  logger: Logger
  bodyLimitBytes: number
  maxInFlightRequests: number
  retryAfterSeconds: number
  exposeMetrics: boolean
  /** True once the event log can take data. */
  ready: () => boolean
  /** PEM key and certificate; serve HTTPS when present. With `ca`, ask for client certificates too. */
  tls?: { key: Buffer; cert: Buffer; ca?: Buffer } | undefined
  /** Verified client-certificate subject CN → cluster. */
  clientCerts: ReadonlyMap<string, string>
  sources?: IngestSourceRoutes | undefined
}

/** The cluster a verified client certificate names, if any. */
function clusterFromCertificate(request: FastifyRequest, byCn: ReadonlyMap<string, string>): string | undefined {
  if (byCn.size === 0) return undefined
  const socket = request.raw.socket as TLSSocket
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined
  const cn = socket.getPeerCertificate().subject?.CN
  return typeof cn === 'string' ? byCn.get(cn) : undefined
}

const BODY_TYPES = ['application/json', 'application/x-ndjson', 'application/jsonl', 'application/json-seq']

/** The webhook receiver the kube-apiserver's audit backend posts to. */
export function buildIngestApp(deps: IngestAppDeps): FastifyInstance {
  const logger = deps.logger.child({ component: 'ingest.http' })
  const https = deps.tls === undefined ? undefined : deps.tls.ca === undefined ? deps.tls : { ...deps.tls, requestCert: true, rejectUnauthorized: false }
  const app = Fastify({ ...httpServerOptions(logger), bodyLimit: deps.bodyLimitBytes, ...(https === undefined ? {} : { https }) }) as unknown as FastifyInstance
  installErrorHandling(app, { service: 'ingest', metrics: deps.metrics, logger, retryAfterSeconds: deps.retryAfterSeconds })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(BODY_TYPES, { parseAs: 'buffer', bodyLimit: deps.bodyLimitBytes }, (_req, body, done) => done(null, body))

  const admission = createAdmission(deps.maxInFlightRequests)
  const clusterOf = new WeakMap<FastifyRequest, string>()
  const release = (request: FastifyRequest) => admission.leave(request)

  app.post('/v1/audit', {
    onRequest: async (request, reply) => {
      const cluster = deps.tokens.clusterFor(request.headers.authorization) ?? clusterFromCertificate(request, deps.clientCerts)
      if (cluster === undefined) {
        deps.metrics.requestsRejected.inc({ service: 'ingest', code: 'unauthorized' })
        return sendError(reply, new AppError('unauthorized', request.headers.authorization === undefined ? 'send Authorization: Bearer <cluster token>, or a client certificate the server knows' : 'unknown bearer token'), deps.retryAfterSeconds)
      }
      if (!admission.enter(request)) {
        deps.metrics.requestsRejected.inc({ service: 'ingest', code: 'overloaded' })
        return sendError(reply, new AppError('overloaded', `${deps.maxInFlightRequests} requests are in flight`), deps.retryAfterSeconds)
      }
      clusterOf.set(request, cluster)
      return undefined
    },
    onResponse: async (request) => release(request),
    onRequestAbort: async (request) => release(request),
    handler: async (request, reply) => {
      const result = await acceptBatch(deps.accept, {
        cluster: clusterOf.get(request) as string,
        body: request.body as Buffer | undefined,
        contentEncoding: request.headers['content-encoding'],
      })
      return reply.code(200).send(result)
    },
  })

  if (deps.sources?.firehose !== undefined) {
    registerFirehoseRoute(app, { accept: deps.accept, keys: deps.sources.firehose, admission, metrics: deps.metrics, logger: deps.logger })
  }
  if (deps.sources !== undefined && deps.sources.pubsub.size > 0) {
    registerPubSubRoute(app, { accept: deps.accept, sources: deps.sources.pubsub, admission, metrics: deps.metrics, logger: deps.logger, retryAfterSeconds: deps.retryAfterSeconds })
  }

  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_request, reply) => (deps.ready() ? { status: 'ready' } : sendError(reply, new AppError('unavailable', 'the event log is not ready'), deps.retryAfterSeconds)))
  if (deps.exposeMetrics) {
    app.get('/metrics', async (_request, reply) => reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()))
  }
  return app
}
