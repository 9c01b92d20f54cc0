import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { randomUUID } from 'node:crypto'
import { mapGkeLogEntry } from '@vigil/ingest'
import { eventListBody, metadataEvents } from '../events.js'
import { median, perSecond, withBaseline, type Result } from '../stats.js'
import { spawnVigil, stopVigil, type RunningVigil } from '../vigil-process.js'

const ACCESS_KEY = 'bench-firehose-access-key-0123456789'

/** A Firehose HTTP endpoint request of `records` records, each a gzip'd CloudWatch Logs payload holding `perRecord` audit events. */
function firehoseBody(events: readonly unknown[], perRecord: number): { requestId: string; body: string } {
  const requestId = randomUUID()
  const records: { data: string }[] = []
  for (let i = 0; i < events.length; i += perRecord) {
    const logEvents = events.slice(i, i + perRecord).map((e, j) => ({ id: String(i + j), timestamp: Date.now(), message: JSON.stringify(e) }))
    const payload = { messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: '/aws/eks/bench/cluster', logStream: 'kube-apiserver-audit-0', subscriptionFilters: ['vigil'], logEvents }
    records.push({ data: gzipSync(JSON.stringify(payload)).toString('base64') })
  }
  return { requestId, body: JSON.stringify({ requestId, timestamp: Date.now(), records }) }
}

async function drive(requests: readonly (() => Promise<Response>)[], count: (res: Response) => Promise<number>): Promise<{ events: number; ms: number }> {
  let next = 0
  let events = 0
  const t0 = performance.now()
  const worker = async () => {
    for (;;) {
      const i = next++
      if (i >= requests.length) return
      for (;;) {
        const res = await (requests[i] as () => Promise<Response>)()
        if (res.status === 200) {
          events += await count(res)
          break
        }
        await res.arrayBuffer()
        if (res.status !== 429 && res.status !== 503) throw new Error(`ingest answered ${res.status}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  return { events, ms: performance.now() - t0 }
}

/**
 * One `vigil start` (in-process log, chDB) with an eks_firehose source, fed
 * alternately, in the same run, over HTTP with 16 requests in flight: webhook
 * EventLists of 400 events, and Firehose requests of 500 records (one event
 * per record: the most envelope work per event). Both count events answered
 * 200, i.e. stored and evaluated.
 */
export async function benchFirehoseVsWebhook(options: { requests: number; runs: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'))
  const sources = `[{type: eks_firehose, name: eks-bench, cluster: eks-bench, access_key: {value: ${ACCESS_KEY}}}]`
  const vigil: RunningVigil = await spawnVigil(dir, { VIGIL_INGEST__SOURCES: sources })
  const webhook: number[] = []
  const firehose: number[] = []
  try {
    for (let run = 0; run < options.runs; run++) {
      const hooks = Array.from({ length: options.requests }, (_, b) => eventListBody(metadataEvents(400, run * 100_000 + b + 1, `w${run}`)))
      const w = await drive(
        hooks.map((body) => () => fetch(`${vigil.ingestUrl}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${vigil.ingestToken}`, 'content-type': 'application/json' }, body })),
        async (res) => ((await res.json()) as { accepted: number }).accepted,
      )
      if (w.events !== options.requests * 400) throw new Error(`webhook accepted ${w.events}`)
      webhook.push(perSecond(w.events, w.ms))
      const fhs = Array.from({ length: Math.round((options.requests * 400) / 500) }, (_, b) => firehoseBody(metadataEvents(500, run * 100_000 + b + 50_001, `f${run}`), 1))
      const f = await drive(
        fhs.map((r) => () =>
          fetch(`${vigil.ingestUrl}/v1/sources/firehose`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': r.requestId, 'x-amz-firehose-access-key': ACCESS_KEY },
            body: r.body,
          }),
        ),
        async (res) => ((await res.json()) as { requestId: string }).requestId === '' ? 0 : 500,
      )
      firehose.push(perSecond(f.events, f.ms))
    }
  } finally {
    await stopVigil(vigil)
    rmSync(dir, { recursive: true, force: true })
  }
  const base = { name: 'source_webhook_stored_and_evaluated', value: median(webhook), unit: 'events/s' }
  return [
    { ...base, runs: webhook, notes: `webhook EventLists of 400 metadata events, 16 in flight, ${options.requests} requests per run, alternating with the Firehose run` },
    withBaseline({ name: 'source_firehose_stored_and_evaluated', value: median(firehose), unit: 'events/s', runs: firehose, notes: 'Firehose HTTP endpoint requests of 500 records (base64 + gzip CloudWatch payloads, one event each), 16 in flight, same process and run; bar >= 0.8x webhook' }, base),
  ]
}

/** LogEntries shaped like GKE's (the KHI samples' fields), with a mix of methods and a request body on writes. */
function gkeEntries(n: number): Record<string, unknown>[] {
  const methods = [
    ['io.k8s.core.v1.pods.status.patch', 'core/v1/namespaces/team-a/pods/web-%/status'],
    ['io.k8s.coordination.v1.leases.update', 'coordination.k8s.io/v1/namespaces/kube-system/leases/lease-%'],
    ['io.k8s.core.v1.configmaps.get', 'core/v1/namespaces/team-b/configmaps/cm-%'],
    ['io.k8s.apps.v1.deployments.create', 'apps/v1/namespaces/team-a/deployments/dep-%'],
    ['io.k8s.core.v1.pods.exec.create', 'core/v1/namespaces/team-a/pods/web-%/exec'],
  ] as const
  return Array.from({ length: n }, (_, i) => {
    const [methodName, resource] = methods[i % methods.length] as readonly [string, string]
    const write = !methodName.endsWith('.get')
    return {
      insertId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"' },
      logName: 'projects/sample-project/logs/cloudaudit.googleapis.com%2Factivity',
      operation: { first: true, id: `op-${i}`, last: true, producer: 'k8s.io' },
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        authenticationInfo: { principalEmail: i % 7 === 0 ? 'alice@example.com' : 'system:node:gke-sample-cluster-default-abcdefgh-abcd' },
        authorizationInfo: [{ granted: true, permission: methodName, resource: resource.replace('%', String(i)) }],
        methodName,
        ...(write ? { request: { '@type': 'k8s.io/Patch', status: { conditions: [{ type: 'Ready', status: 'True' }] } } } : {}),
        requestMetadata: { callerIp: '10.146.0.7', callerSuppliedUserAgent: 'kubelet/v1.28.14 (linux/amd64) kubernetes/a4ef1a6' },
        resourceName: resource.replace('%', String(i)),
        serviceName: 'k8s.io',
        status: { code: 0 },
      },
      receiveTimestamp: '2024-01-01T01:00:00Z',
      resource: { labels: { cluster_name: 'sample-cluster', location: 'us-central1-a', project_id: 'sample-project' }, type: 'k8s_cluster' },
      timestamp: '2024-01-01T01:00:00Z',
    }
  })
}

/**
 * mapGkeLogEntry alone on parsed LogEntries, single thread. "Per core" is
 * events per second of this process's CPU time (user + system), so a
 * shared, loaded machine does not count other processes' time against it;
 * the wall-clock rate is reported beside it.
 */
export function benchGkeMapping(options: { entries: number; runs: number }): Result[] {
  const entries = gkeEntries(options.entries)
  const cpu: number[] = []
  const wall: number[] = []
  for (let r = 0; r < options.runs + 1; r++) {
    let ok = 0
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    for (const e of entries) if (mapGkeLogEntry(e).ok) ok++
    const ms = performance.now() - t0
    const used = process.cpuUsage(c0)
    if (ok !== entries.length) throw new Error(`mapped ${ok} of ${entries.length}`)
    if (r === 0) continue // the first pass warms the JIT
    cpu.push(perSecond(ok, (used.user + used.system) / 1000))
    wall.push(perSecond(ok, ms))
  }
  return [
    { name: 'gke_logentry_mapping', value: median(cpu), unit: 'events/s/core', runs: cpu, notes: 'mapGkeLogEntry on parsed LogEntries (5 methods, bodies on writes), single thread, per CPU-second of this process; bar >= 200000' },
    { name: 'gke_logentry_mapping_wall', value: median(wall), unit: 'events/s', runs: wall, notes: 'the same passes by wall clock (includes time the shared machine ran other processes)' },
  ]
}
