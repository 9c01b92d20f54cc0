import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createKafkaClient } from '@vigil/event-log'
import { parseSegments, splitTopLevel } from '@vigil/ingest'
import type { ServiceIo } from '@vigil/platform'
import { parseOptions, UsageError, write, type Command } from '../command.js'

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every top-level JSON value of the files; arrays are flattened one level. */
function readValues(files: readonly string[], cwd: string): unknown[] {
  const out: unknown[] = []
  for (const f of files) {
    const buf = readFileSync(resolve(cwd, f))
    for (const p of parseSegments(buf, splitTopLevel(buf, 200))) {
      if (p.error !== undefined) throw new UsageError(`${f}:${p.line}: not JSON: ${p.error}`)
      if (Array.isArray(p.value)) out.push(...(p.value as unknown[]))
      else out.push(p.value)
    }
  }
  return out
}

/** Native audit Events in a value (an Event or an EventList). */
function nativeEvents(v: unknown): unknown[] {
  if (isObject(v) && Array.isArray(v['items'])) return v['items'] as unknown[]
  return [v]
}

function cwlPayload(messages: readonly string[]): Obj {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '000000000000',
    logGroup: '/aws/eks/replay/cluster',
    logStream: 'kube-apiserver-audit-replay',
    subscriptionFilters: ['vigil-replay'],
    logEvents: messages.map((message, i) => ({ id: String(i), timestamp: Date.now(), message })),
  }
}

/** Firehose request bodies for the values: saved Firehose bodies as they are, everything else wrapped. */
function firehoseBodies(values: readonly unknown[]): Obj[] {
  const bodies: Obj[] = []
  const records: { data: string }[] = []
  const loose: string[] = []
  for (const v of values) {
    if (isObject(v) && typeof v['requestId'] === 'string' && Array.isArray(v['records'])) bodies.push({ ...v, requestId: randomUUID(), timestamp: Date.now() })
    else if (isObject(v) && typeof v['messageType'] === 'string') records.push({ data: gzipSync(JSON.stringify(v)).toString('base64') })
    else if (isObject(v) && Array.isArray(v['events'])) records.push({ data: gzipSync(JSON.stringify(cwlPayload((v['events'] as Obj[]).map((e) => String(e['message']))))).toString('base64') })
    else loose.push(...nativeEvents(v).map((e) => JSON.stringify(e)))
  }
  for (let i = 0; i < loose.length; i += 100) records.push({ data: gzipSync(JSON.stringify(cwlPayload(loose.slice(i, i + 100)))).toString('base64') })
  for (let i = 0; i < records.length; i += 500) bodies.push({ requestId: randomUUID(), timestamp: Date.now(), records: records.slice(i, i + 500) })
  return bodies
}

/** Pub/Sub push envelopes for LogEntries (envelopes pass through). */
function pushBodies(values: readonly unknown[]): Obj[] {
  return values.map((v) => {
    if (isObject(v) && isObject(v['message'])) return v
    const id = String(Math.floor(Math.random() * 1e15))
    const now = new Date().toISOString()
    return { message: { data: Buffer.from(JSON.stringify(v)).toString('base64'), messageId: id, message_id: id, publishTime: now, publish_time: now, attributes: {} }, subscription: 'projects/replay/subscriptions/vigil-replay' }
  })
}

/** Event Hubs bodies: `{records:[…]}` bodies pass through, AKS records and native Events are wrapped. */
function eventHubBodies(values: readonly unknown[]): string[] {
  const bodies: string[] = []
  const records: unknown[] = []
  for (const v of values) {
    if (isObject(v) && Array.isArray(v['records'])) bodies.push(JSON.stringify(v))
    else if (isObject(v) && typeof v['category'] === 'string') records.push(v)
    else for (const e of nativeEvents(v)) records.push({ category: 'kube-audit', operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read', properties: { log: `${JSON.stringify(e)}\n`, stream: 'stdout', pod: 'kube-apiserver-replay' }, resourceId: '/SUBSCRIPTIONS/REPLAY/MANAGEDCLUSTERS/REPLAY', time: new Date().toISOString() })
  }
  for (let i = 0; i < records.length; i += 100) bodies.push(JSON.stringify({ records: records.slice(i, i + 100) }))
  return bodies
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
  return { status: res.status, text: await res.text() }
}

/** Sends exports or fixtures to a running vigil the way each cloud delivers them. */
export const replayCommand: Command = {
  path: ['replay'],
  summary: 'send audit files to a running vigil the way EKS, GKE or AKS deliver them',
  usage: 'vigil replay eks|gke|aks [options] <file>...',
  help: `
Replays files through a configured ingest.sources entry of a running vigil
(\`vigil start\` or \`vigil ingest\`), speaking each cloud's wire format, so
the whole source path (auth, envelope, dedup, rules) runs as in production.

  eks  POST Firehose HTTP endpoint requests to <url>/v1/sources/firehose.
       Files: saved Firehose request bodies, CloudWatch Logs subscription
       payloads, \`aws logs filter-log-events\` output, or native audit Events
       (each wrapped as a CloudWatch log event).
  gke  POST Pub/Sub push envelopes to <url>/v1/sources/pubsub/<source>?token=…
       (the source must use auth type token). Files: LogEntry JSON (lines or
       an array) or push envelopes.
  aks  Produce Event Hubs bodies to a Kafka topic the source reads. Files:
       {"records":[…]} bodies, AKS records, or native audit Events (wrapped as
       kube-audit records).

Options:
  --url URL          ingest base URL (default http://127.0.0.1:8080)
  --access-key KEY   eks: the source's Firehose access key
  --source NAME      gke: the source name
  --token TOKEN      gke: the source's shared push token
  --brokers LIST     aks: comma-separated host:port (plaintext, a local broker)
  --topic NAME       aks: the topic (Event Hub) the source reads
  -h, --help         show this help

Exit status: 0 when every delivery was acknowledged, 1 otherwise, 2 on a
usage error. See docs/sources/ for a walkthrough per cloud.`,
  async run(args, io: ServiceIo) {
    const { values, positionals } = parseOptions(
      args,
      { url: { type: 'string' }, 'access-key': { type: 'string' }, source: { type: 'string' }, token: { type: 'string' }, brokers: { type: 'string' }, topic: { type: 'string' } },
      true,
    )
    const [cloud, ...files] = positionals
    if (cloud !== 'eks' && cloud !== 'gke' && cloud !== 'aks') throw new UsageError('name the cloud: eks, gke or aks')
    if (files.length === 0) throw new UsageError('give at least one file')
    const base = (values.url ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')
    const items = readValues(files, io.cwd)
    let failed = 0
    if (cloud === 'eks') {
      const key = values['access-key']
      if (key === undefined) throw new UsageError('eks needs --access-key')
      for (const body of firehoseBodies(items)) {
        const r = await post(`${base}/v1/sources/firehose`, { 'x-amz-firehose-protocol-version': '1.0', 'x-amz-firehose-request-id': String(body['requestId']), 'x-amz-firehose-access-key': key }, JSON.stringify(body))
        write(io.stdout, `firehose request ${String(body['requestId'])}: ${r.status} ${r.text}`)
        if (r.status !== 200) failed++
      }
    } else if (cloud === 'gke') {
      if (values.source === undefined || values.token === undefined) throw new UsageError('gke needs --source and --token')
      for (const body of pushBodies(items)) {
        const r = await post(`${base}/v1/sources/pubsub/${encodeURIComponent(values.source)}?token=${encodeURIComponent(values.token)}`, {}, JSON.stringify(body))
        write(io.stdout, `pubsub message ${String((body['message'] as Obj)['messageId'])}: ${r.status} ${r.text}`)
        if (r.status < 200 || r.status > 204) failed++
      }
    } else {
      if (values.brokers === undefined || values.topic === undefined) throw new UsageError('aks needs --brokers and --topic')
      const quiet = { warn: () => {}, info: () => {}, debug: () => {} }
      const kafka = createKafkaClient({ client_id: 'vigil-replay', brokers: values.brokers.split(','), ssl: false, connection_timeout_ms: 5_000, request_timeout_ms: 30_000 }, quiet)
      const producer = kafka.producer()
      await producer.connect()
      try {
        const bodies = eventHubBodies(items)
        await producer.send({ topic: values.topic, acks: -1, messages: bodies.map((value) => ({ value })) })
        write(io.stdout, `produced ${bodies.length} Event Hubs bodies to ${values.topic}`)
      } finally {
        await producer.disconnect()
      }
    }
    return failed === 0 ? 0 : 1
  },
}
