import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { AnalyzerConfigSchema } from '@vigil/analyzer'
import { ApiConfigSchema } from '@vigil/api'
import { createEmbedded, type Embedded } from '@vigil/cli'
import { IngestConfigSchema, resolveSources } from '@vigil/ingest'
import { RouterConfigSchema } from '@vigil/router'
import { loadAlertingSection } from '@vigil/alerts'
import { createLogger, createMetrics, type Metrics } from '@vigil/platform'
import { createClickHouseClient, type ClickHouseClient } from '@vigil/store'

export const INGEST_TOKEN = 'test-ingest-token-0123456789'
export const OTHER_CLUSTER_TOKEN = 'test-ingest-token-other-cluster'
export const ADMIN_TOKEN = 'test-admin-token-0123456789'
export const AUDITOR_TOKEN = 'test-auditor-token-0123456789'
export const SCOPED_TOKEN = 'test-scoped-token-0123456789'

export interface TestPipeline extends Embedded {
  dir: string
  metrics: Metrics
  /** Another client on the same chDB directory, for assertions over raw tables. */
  sql: ClickHouseClient
  /** Collected log lines (pino JSON). */
  logs: string[]
  close(): Promise<void>
}

/**
 * The embedded pipeline exactly as `vigil start` wires it (in-process log,
 * chDB in a temporary directory, the shipped rules), without listening:
 * tests drive it with inject().
 */
export async function startTestPipeline(doc: Record<string, unknown> = {}, secretEnv: Record<string, string> = {}): Promise<TestPipeline> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'))
  const base = {
    data_dir: dir,
    log_level: 'warn',
    ...doc,
    ingest: {
      port: 0,
      tokens: [
        { cluster: 'c1', token: INGEST_TOKEN },
        { cluster: 'c2', token: OTHER_CLUSTER_TOKEN },
      ],
      ...(doc['ingest'] as object | undefined),
    },
    api: {
      port: 0,
      tokens: [
        { name: 'admin', role: 'admin', token: ADMIN_TOKEN },
        { name: 'auditor', role: 'auditor', token: AUDITOR_TOKEN },
        { name: 'scoped', role: 'analyst', token: SCOPED_TOKEN, clusters: ['c2'] },
      ],
      ...(doc['api'] as object | undefined),
    },
  }
  const ingest = IngestConfigSchema.parse(base)
  const analyzer = AnalyzerConfigSchema.parse(base)
  const api = ApiConfigSchema.parse(base)
  const router = RouterConfigSchema.parse(base)
  const alerting = loadAlertingSection(base['alerting' as keyof typeof base], { env: secretEnv, cwd: process.cwd() })
  const logs: string[] = []
  const logger = createLogger({
    level: ingest.log_level,
    destination: new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk))
        cb()
      },
    }),
  })
  const metrics = createMetrics({ defaultMetrics: false })
  const embedded = await createEmbedded({ ingest, analyzer, api, router, alerting, dataDir: dir, cwd: process.cwd(), ingestTokens: ingest.ingest.tokens, apiTokens: api.api.tokens, sources: resolveSources(ingest.ingest.sources, { env: process.env, cwd: process.cwd() }), console: undefined, logger, metrics })
  await embedded.ingest.app.ready()
  await embedded.api.app.ready()
  const sql = await createClickHouseClient(analyzer.store, dir)
  return {
    ...embedded,
    dir,
    metrics,
    sql,
    logs,
    async close() {
      await embedded.lifecycle.shutdown('test done')
      await sql.close().catch(() => undefined)
      // chDB (in this process) may still be finishing a background merge in the
      // directory: retry ENOTEMPTY, and leave a temporary directory behind
      // rather than fail a test that passed.
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
      } catch (err) {
        process.stderr.write(`pipeline teardown: left ${dir} behind (${(err as Error).message})\n`)
      }
    },
  }
}

/** The value of one counter series, by labels. */
export async function counter(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name)
  if (metric === undefined) throw new Error(`no metric ${name}`)
  return (metric.values as { value: number; labels: Record<string, string | number> }[])
    .filter((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l))
    .reduce((sum, v) => sum + v.value, 0)
}

let seq = 0

/** A minimal valid audit event; override any field. */
export function auditEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'list',
    user: { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:authenticated'] },
    sourceIPs: ['10.0.0.1'],
    userAgent: 'kube-controller-manager/v1.31.0',
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-11-01T10:00:00.000000Z',
    stageTimestamp: '2026-11-01T10:00:00.010000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    ...overrides,
  }
}

export function eventList(items: readonly unknown[]): string {
  return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items })
}
