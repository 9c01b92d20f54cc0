import type { FastifyInstance } from 'fastify'
import type { EventLogProducer } from '@vigil/event-log'
import type { Logger, Metrics } from '@vigil/platform'
import { buildIngestApp } from './app.js'
import type { IngestSection } from './config.js'
import { createRedactor } from './redact.js'
import { RecentKeys } from './recent-keys.js'
import { ClusterTokens } from './tokens.js'
import { buildSources } from './sources/build.js'
import type { ResolvedSource } from './sources/resolve.js'

export interface IngestDeps {
  config: IngestSection
  /** Tokens to accept; the config's, or the ones `vigil start` generated. */
  tokens: IngestSection['tokens']
  producer: EventLogProducer
  metrics: Metrics
  logger: Logger
  now?: () => Date
  /** Key, certificate and client CA read by the composition root from config.tls. */
  tls?: { key: Buffer; cert: Buffer; ca?: Buffer } | undefined
  /** config.sources with their credentials read, by `resolveSources` in the composition root. */
  sources?: readonly ResolvedSource[]
}

export interface Ingest {
  app: FastifyInstance
  /** Listens on the configured address; resolves to the URL. */
  listen(): Promise<string>
  /** Stops accepting (503), finishes in-flight batches, then closes the producer. Idempotent. */
  stop(): Promise<void>
}

export function createIngest(deps: IngestDeps): Ingest {
  const { config } = deps
  let ready = false
  const now = deps.now ?? (() => new Date())
  const accept = {
    producer: deps.producer,
    redactor: createRedactor(config.redact_paths),
    recent: new RecentKeys(config.dedup_cache_size),
    metrics: deps.metrics,
    limits: { maxDecompressedBytes: config.max_decompressed_bytes, maxDepth: config.max_depth },
    now,
  }
  const { routes, pulled } = buildSources(deps.sources ?? [], { accept, logger: deps.logger, maxMessageBytes: config.max_decompressed_bytes })
  const app = buildIngestApp({
    accept,
    tokens: new ClusterTokens(deps.tokens),
    metrics: deps.metrics,
    logger: deps.logger,
    bodyLimitBytes: config.body_limit_bytes,
    maxInFlightRequests: config.max_in_flight_requests,
    retryAfterSeconds: config.retry_after_seconds,
    exposeMetrics: config.expose_metrics,
    ready: () => ready,
    tls: deps.tls,
    clientCerts: new Map(config.client_certs.map((c) => [c.common_name, c.cluster])),
    sources: routes,
  })
  let stopping: Promise<void> | undefined
  return {
    app,
    async listen() {
      const url = await app.listen({ host: config.host, port: config.port })
      ready = true
      for (const source of pulled) await source.start()
      return url
    },
    stop() {
      stopping ??= (async () => {
        ready = false
        await Promise.all(pulled.map((s) => s.stop()))
        await app.close()
        await deps.producer.close()
      })()
      return stopping
    },
  }
}
