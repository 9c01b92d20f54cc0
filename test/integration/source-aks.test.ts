import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import kafkajs from 'kafkajs'
import { runCli } from '@vigil/cli'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { aksEventBody } from '../support/cloud-clients.js'
import { MANAGED_DIR } from '../support/fixtures.js'
import { ADMIN_TOKEN, auditEvent, counter, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

const brokers = inject('kafkaBrokers')
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` }

/** The real test broker stands in for Event Hubs' Kafka head (plaintext here; Event Hubs needs SASL PLAIN over TLS). */
async function produce(topic: string, bodies: readonly string[]): Promise<void> {
  const kafka = new kafkajs.Kafka({ brokers: [brokers], logLevel: kafkajs.logLevel.NOTHING })
  const a = kafka.admin()
  await a.connect()
  await a.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true }).catch(() => undefined)
  await a.disconnect()
  const producer = kafka.producer()
  await producer.connect()
  await producer.send({ topic, acks: -1, messages: bodies.map((value, i) => ({ key: String(i), value })) })
  await producer.disconnect()
}

async function eventsOf(p: TestPipeline, cluster: string): Promise<{ audit_id: string; stage: string }[]> {
  const res = await p.api.app.inject({ method: 'GET', url: `/v1/events?cluster=${cluster}&limit=1000`, headers: admin })
  return res.json().items as { audit_id: string; stage: string }[]
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await f()
    if (ok(v) || Date.now() > end) return v
    await new Promise((r) => setTimeout(r, 200))
  }
}

function pipeline(topic: string, group: string): Promise<TestPipeline> {
  return startTestPipeline({ ingest: { host: '127.0.0.1', sources: [{ type: 'aks_event_hubs', name: 'aks-prod', cluster: 'aks-prod', brokers: [brokers], topic, group, ssl: false }] } })
}

describe.skipIf(brokers === '')('AKS contract: a consumer group on a real Kafka broker standing in for Event Hubs', () => {
  const topic = `insights-logs-kube-audit-${randomUUID().slice(0, 8)}`
  const group = `vigil-${randomUUID().slice(0, 8)}`
  let p: TestPipeline
  beforeAll(async () => {
    await produce(topic, [readFileSync(`${MANAGED_DIR}/aks/eventhub-body.constructed.json`, 'utf8')])
    p = await pipeline(topic, group)
    await p.ingest.listen()
  })
  afterAll(async () => {
    await p?.sql.close()
    await p?.close()
  })

  it('turns the fixture body into a stored event and a finding, skipping the klog record', async () => {
    const events = await until(() => eventsOf(p, 'aks-prod'), (e) => e.length >= 1)
    expect(events.map((e) => e.audit_id)).toEqual(['ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6'])
    const findings = await p.api.app.inject({ method: 'GET', url: '/v1/findings?cluster=aks-prod&limit=100', headers: admin })
    expect((findings.json().items as { rule_id: string }[]).map((f) => f.rule_id)).toContain('workload.exec-attach')
  })

  it('takes kube-audit-admin without double counting what kube-audit also carries, and dead-letters poison bodies', async () => {
    const write = auditEvent({ verb: 'create', auditID: 'aks-write-1' })
    const read = auditEvent({ verb: 'get', auditID: 'aks-read-1' })
    await produce(topic, [aksEventBody([write, read], 'kube-audit'), aksEventBody([write], 'kube-audit-admin'), 'not json at all'])
    const events = await until(() => eventsOf(p, 'aks-prod'), (e) => e.some((x) => x.audit_id === 'aks-read-1') && e.some((x) => x.audit_id === 'aks-write-1'))
    expect(events.filter((e) => e.audit_id === 'aks-write-1')).toHaveLength(1)
    expect(events.filter((e) => e.audit_id === 'aks-read-1')).toHaveLength(1)
    await until(() => counter(p.metrics, 'vigil_source_events_total', { source: 'aks-prod', outcome: 'rejected' }), (n) => n >= 1)
    expect(await counter(p.metrics, 'vigil_source_events_total', { source: 'aks-prod', outcome: 'redelivered' })).toBeGreaterThanOrEqual(1)
    expect(await counter(p.metrics, 'vigil_source_events_total', { source: 'aks-prod', outcome: 'rejected' })).toBe(1)
  })

  it('commits after the durable publish: a restarted group resumes after what it stored', async () => {
    await until(() => counter(p.metrics, 'vigil_source_events_total', { source: 'aks-prod', outcome: 'rejected' }), (n) => n >= 1)
    await p.sql.close()
    await p.close()
    await produce(topic, [aksEventBody([auditEvent({ auditID: 'aks-after-restart' })])])
    p = await pipeline(topic, group)
    await p.ingest.listen()
    const events = await until(() => eventsOf(p, 'aks-prod'), (e) => e.some((x) => x.audit_id === 'aks-after-restart'))
    // A fresh store: only what was not committed before the restart is read again.
    expect(events.map((e) => e.audit_id)).toEqual(['aks-after-restart'])
  })

  it('vigil replay aks produces the fixture body and native Events to the topic the source reads', async () => {
    let out = ''
    const sink = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) })
    const code = await runCli(['replay', 'aks', '--brokers', brokers, '--topic', topic, `${MANAGED_DIR}/aks/eventhub-body.constructed.json`, `${MANAGED_DIR}/../falco-k8saudit/events/attach_cluster_admin_role.json`], { env: {}, cwd: process.cwd(), stdout: sink, stderr: sink, isTty: false })
    expect(code, out).toBe(0)
    expect(out).toContain('produced 2 Event Hubs bodies')
    const findings = await until(
      async () => ((await p.api.app.inject({ method: 'GET', url: '/v1/findings?cluster=aks-prod&limit=100', headers: admin })).json().items as { rule_id: string }[]).map((f) => f.rule_id),
      (ids) => ids.includes('rbac.cluster-admin-binding'),
    )
    expect(findings).toContain('rbac.cluster-admin-binding')
  })
})
