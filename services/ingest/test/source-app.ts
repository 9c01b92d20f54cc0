import { onTestFinished } from 'vitest'
import type { EventLogProducer, OutgoingRecord } from '@vigil/event-log'
import { createLogger, createMetrics, type Metrics } from '@vigil/platform'
import { buildIngestApp, type IngestSourceRoutes } from '../src/app.js'
import { RecentKeys } from '../src/recent-keys.js'
import { createRedactor } from '../src/redact.js'
import { ClusterTokens } from '../src/tokens.js'

export interface RecordingProducer extends EventLogProducer {
  readonly calls: OutgoingRecord[][]
  /** What the next publish does; resolves by default. */
  behave: (records: readonly OutgoingRecord[]) => Promise<void>
}

export function recordingProducer(): RecordingProducer {
  const p: RecordingProducer = {
    calls: [],
    behave: async () => {},
    publish(records) {
      p.calls.push([...records])
      return p.behave(records)
    },
    async close() {},
  }
  return p
}

/** Audit events (JSON lines) and dead letters a producer was handed, across calls. */
export function published(p: RecordingProducer): { audit: Record<string, unknown>[]; deadletters: Record<string, unknown>[]; clusters: string[] } {
  const records = p.calls.flat()
  return {
    audit: records.filter((r) => r.topic === 'audit').flatMap((r) => r.value.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)),
    deadletters: records.filter((r) => r.topic === 'deadletter').map((r) => JSON.parse(r.value) as Record<string, unknown>),
    clusters: [...new Set(records.map((r) => r.headers['cluster'] as string))],
  }
}

/** The ingest app with the given source routes and a recording producer (unit tier: no I/O). */
export function sourceApp(sources: IngestSourceRoutes): { app: ReturnType<typeof buildIngestApp>; producer: RecordingProducer; metrics: Metrics; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = []
  const producer = recordingProducer()
  const metrics = createMetrics({ defaultMetrics: false })
  const app = buildIngestApp({
    accept: { producer, redactor: createRedactor([]), recent: new RecentKeys(1000), metrics, limits: { maxDecompressedBytes: 1024 * 1024, maxDepth: 50 }, now: () => new Date() },
    tokens: new ClusterTokens([]),
    metrics,
    logger: createLogger({ level: 'warn', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } }),
    bodyLimitBytes: 4 * 1024 * 1024,
    maxInFlightRequests: 8,
    retryAfterSeconds: 1,
    exposeMetrics: false,
    ready: () => true,
    clientCerts: new Map(),
    sources,
  })
  onTestFinished(() => app.close())
  return { app, producer, metrics, logs }
}

export async function counter(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === name)
  const v = m?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val))
  return v?.value ?? 0
}
