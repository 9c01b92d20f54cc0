import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import kafkajs from 'kafkajs'
import { partitionKey, type AuditEvent } from '@vigil/core'
import { createKafkaLog, KafkaLogConfig, TOPIC_NAMES } from '@vigil/event-log'
import { createLogger } from '@vigil/platform'
import { eventListBody, metadataEvents } from '../events.js'
import type { BenchBroker } from '../kafka-broker.js'
import { median, percentile, perSecond, withBaseline, type Result } from '../stats.js'
import { postAuditBodies } from '../vigil-process.js'
import { BENCH_TOKEN, kafkaServiceEnv, peakRssMiB, spawnService, stopService } from '../vigil-services.js'

async function post(url: string, body: string): Promise<{ status: number; accepted: number }> {
  for (;;) {
    const res = await fetch(`${url}/v1/audit`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' }, body })
    const json = (await res.json()) as { accepted?: number }
    if (res.status === 200) return { status: 200, accepted: json.accepted ?? 0 }
    if (res.status !== 429 && res.status !== 503) throw new Error(`ingest answered ${res.status}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** `vigil ingest` over Kafka: HTTP batches of 400, 16 in flight, answered once durable (acks=-1). */
export async function benchIngestKafka(broker: BenchBroker, options: { batches: number; runs: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ik-'))
  const ingest = await spawnService(['ingest'], kafkaServiceEnv(broker.brokers, dir), /listening on (https?:\/\/\S+)\/v1\/audit/)
  const runs: number[] = []
  let parse = 0
  try {
    for (let run = 0; run < options.runs; run++) {
      const bodies = Array.from({ length: options.batches }, (_, b) => eventListBody(metadataEvents(400, run * 10_000 + b + 1, `ik${run}`)))
      if (run === 0) {
        const t = performance.now()
        for (const b of bodies) JSON.parse(b)
        parse = perSecond(bodies.length * 400, performance.now() - t)
      }
      const t0 = performance.now()
      const accepted = await postAuditBodies({ ingestUrl: ingest.url, ingestToken: BENCH_TOKEN }, bodies, 16)
      runs.push(perSecond(accepted, performance.now() - t0))
    }
  } finally {
    const rss = peakRssMiB(ingest.child.pid)
    await stopService(ingest)
    rmSync(dir, { recursive: true, force: true })
    if (rss !== undefined) runs.push(-rss)
  }
  const rss = -(runs.find((r) => r < 0) ?? 0)
  const values = runs.filter((r) => r >= 0)
  const base = { name: 'json_parse_ingest_bodies', value: parse, unit: 'events/s' }
  return [
    base,
    withBaseline({ name: 'ingest_to_kafka', value: median(values), unit: 'events/s', runs: values, notes: `vigil ingest process, batches of 400 metadata events, 16 in flight, idempotent acks=-1 producer; bar >= 40000` }, base),
    { name: 'ingest_peak_rss', value: rss, unit: 'MiB', notes: 'VmHWM of the ingest process during the run; bar < 512' },
  ]
}

/** One `vigil analyzer` worker draining a pre-filled topic into chDB. */
export async function benchAnalyzerKafka(broker: BenchBroker, options: { events: number; runs: number }): Promise<Result[]> {
  const runs: number[] = []
  const startup: number[] = []
  let rss = 0
  for (let run = 0; run < options.runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ak-'))
    const env = kafkaServiceEnv(broker.brokers, dir)
    const config = KafkaLogConfig.parse({ type: 'kafka', brokers: [broker.brokers], topic_prefix: env['VIGIL_EVENT_LOG__TOPIC_PREFIX'], partitions: 6, replication_factor: 1 })
    const log = createKafkaLog(config, { logger: createLogger({ level: 'silent' }) })
    try {
      const events = metadataEvents(options.events, run + 1, `ak${run}`)
      // As ingest publishes them: per 400-event request, one record per partition key holding its events as JSON lines.
      for (let i = 0; i < events.length; i += 400) {
        const byKey = new Map<string, string[]>()
        for (const e of events.slice(i, i + 400)) {
          const key = partitionKey('bench', e as unknown as AuditEvent)
          byKey.set(key, [...(byKey.get(key) ?? []), JSON.stringify(e)])
        }
        await log.producer().publish([...byKey].map(([key, lines]) => ({ topic: 'audit' as const, key, value: lines.join('\n'), headers: { cluster: 'bench', received_at: '2026-11-01T10:00:00.000Z' } })))
      }
      // The lag counts records (each holds one key's events); convert to events by the average.
      const records = await waitForLag(config, Number.MAX_SAFE_INTEGER)
      const t0 = performance.now()
      const analyzer = await spawnService(['analyzer'], env, /metrics (https?:\/\/\S+)\/metrics/)
      // Steady state: from the first commit (group joined, first batch stored) to an empty lag.
      const first = await waitForLag(config, records - 1)
      const t1 = performance.now()
      await waitForLag(config, 0)
      runs.push(perSecond((options.events * first) / records, performance.now() - t1))
      startup.push(Math.round(t1 - t0))
      rss = Math.max(rss, peakRssMiB(analyzer.child.pid) ?? 0)
      await stopService(analyzer)
    } finally {
      await log.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return [
    { name: 'kafka_analyzer_store_per_worker', value: median(runs), unit: 'events/s', runs, notes: `one vigil analyzer process (1 consumer, 6 partitions) draining ${options.events} pre-filled metadata events into chDB, from its first commit to an empty lag; bar >= 25000` },
    { name: 'kafka_analyzer_time_to_first_commit', value: median(startup), unit: 'ms', runs: startup, notes: 'process start, migrations, group join and the first stored batch' },
    { name: 'analyzer_peak_rss', value: rss, unit: 'MiB', notes: 'VmHWM of the analyzer process; bar < 512' },
  ]
}

/** Waits until the analyzer group's lag is at most `target`; returns the lag it saw then. */
async function waitForLag(config: KafkaLogConfig, target: number): Promise<number> {
  const kafka = new kafkajs.Kafka({ clientId: 'bench-lag', brokers: config.brokers, logLevel: kafkajs.logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  try {
    const topic = `${config.topic_prefix}${TOPIC_NAMES.audit}`
    const ends = await admin.fetchTopicOffsets(topic)
    for (;;) {
      const [committed] = await admin.fetchOffsets({ groupId: `${config.topic_prefix}vigil-analyzer`, topics: [topic] })
      const lag = ends.reduce((sum, p) => {
        const c = committed?.partitions.find((x) => x.partition === p.partition)
        return sum + Number(p.high) - (c === undefined || c.offset === '-1' ? 0 : Number(c.offset))
      }, 0)
      if (lag <= target) return lag
      await new Promise((r) => setTimeout(r, 50))
    }
  } finally {
    await admin.disconnect()
  }
}

/**
 * `vigil start` over Kafka (ingest, analyzer and api in one process) fed at
 * 4000 events/s, one apiserver's ceiling: 10 batches of 400 a second. Each
 * batch carries one marker event (a person reading a secret); latency is
 * from the POST of its batch to its finding appearing in /v1/findings.
 */
export async function benchEndToEndLatency(broker: BenchBroker | undefined, options: { seconds: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-e2e-'))
  const env = broker === undefined ? { ...kafkaServiceEnv('unused:1', dir), VIGIL_EVENT_LOG__TYPE: 'inprocess' } : kafkaServiceEnv(broker.brokers, dir)
  if (broker === undefined) {
    for (const k of Object.keys(env)) if (k.startsWith('VIGIL_EVENT_LOG__') && k !== 'VIGIL_EVENT_LOG__TYPE') delete env[k]
  }
  const vigil = await spawnService(['start', '--data-dir', dir], env, /(https?:\/\/\S+)\/v1\/audit/)
  const apiUrl = await (async () => {
    for (;;) {
      const m = /api\s+(https?:\/\/\S+)\/v1\/findings/.exec(vigil.output())
      if (m !== null) return m[1] as string
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  const posted = new Map<string, number>()
  const seen = new Map<string, number>()
  let polling = true
  const poller = (async () => {
    while (polling || seen.size < posted.size) {
      const res = await fetch(`${apiUrl}/v1/findings?rule_id=secrets.read-by-human&user=latency-marker%40example.com&limit=200`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } })
      const page = (await res.json()) as { items: { name: string }[] }
      const now = performance.now()
      for (const f of page.items) if (posted.has(f.name) && !seen.has(f.name)) seen.set(f.name, now)
      if (!polling && performance.now() - (Math.max(...posted.values()) || 0) > 30_000) break
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  const start = performance.now()
  let batch = 0
  const sends: Promise<unknown>[] = []
  while (performance.now() - start < options.seconds * 1000) {
    const due = start + batch * 100
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const marker = `marker-${batch}`
    const events = metadataEvents(399, 50_000 + batch, `e2e${batch}`)
    // Markers carry the current time, so the newest-first listing shows the newest markers.
    const now = new Date().toISOString()
    events.push({ ...(metadataEvents(1, 90_000 + batch, `m${batch}`)[0] as Record<string, unknown>), verb: 'get', user: { username: 'latency-marker@example.com', groups: ['system:authenticated'] }, objectRef: { resource: 'secrets', namespace: 'payments', name: marker, apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 200 }, requestReceivedTimestamp: now, stageTimestamp: now })
    const body = eventListBody(events)
    posted.set(marker, performance.now())
    sends.push(post(vigil.url, body))
    batch++
  }
  await Promise.all(sends)
  polling = false
  await poller
  const rss = peakRssMiB(vigil.child.pid)
  await stopService(vigil)
  rmSync(dir, { recursive: true, force: true })
  const latencies = [...posted].filter(([m]) => seen.has(m)).map(([m, t]) => (seen.get(m) as number) - t)
  if (latencies.length < posted.size) throw new Error(`${posted.size - latencies.length} markers never became queryable`)
  const mode = broker === undefined ? 'embedded' : 'kafka'
  return [
    { name: `e2e_latency_p50_${mode}`, value: Math.round(percentile(latencies, 50)), unit: 'ms', notes: `POST to finding queryable, vigil start (${mode} event log), 4000 events/s for ${options.seconds} s, ${latencies.length} markers, 20 ms polling` },
    { name: `e2e_latency_p99_${mode}`, value: Math.round(percentile(latencies, 99)), unit: 'ms', notes: 'bar < 2000' },
    { name: `vigil_start_peak_rss_${mode}`, value: rss ?? 0, unit: 'MiB', notes: 'VmHWM of the vigil start process during the latency run; bar < 512 per service' },
  ]
}
