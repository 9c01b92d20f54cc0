import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, StampedEvent } from '@vigil/core'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, toAuditEventRow, type ClickHouseClient, type Store, type TransitionRow } from '../src/index.js'

let dir: string
let client: ClickHouseClient
let store: Store

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-evidence-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client, now: () => new Date('2026-10-02T00:00:00.000Z') })
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

function stamped(cluster: string, id: string, at: string, receivedAt: string, user = 'alice'): StampedEvent {
  const event = {
    auditID: id, stage: 'ResponseComplete' as const, verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    user: { username: user, groups: ['system:authenticated'] }, objectRef: { resource: 'clusterrolebindings', apiGroup: 'rbac.authorization.k8s.io', name: `b-${id}` },
    responseStatus: { code: 201 }, requestReceivedTimestamp: at, stageTimestamp: at,
  }
  return { cluster, received_at: receivedAt, event, raw: JSON.stringify(event) }
}

function finding(e: StampedEvent, rule: string, severity: Finding['severity'] = 'high'): Finding {
  return {
    finding_id: `${rule}-${e.event.auditID}`, rule_id: rule, rule_version: '1', severity, title: rule, cluster: e.cluster, audit_id: e.event.auditID, stage: e.event.stage,
    event_time: e.event.requestReceivedTimestamp, user: e.event.user.username ?? '', verb: e.event.verb, resource: 'clusterrolebindings', namespace: '', name: 'b', reason: 'r', output: 'o',
    evidence: {}, tags: [], controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }],
  }
}

describe('evidence tables on chDB', () => {
  it('appends triage rows and reads them back as of an instant', async () => {
    const row = (id: string, at: string, to: TransitionRow['to_state']): TransitionRow => ({
      transition_id: id, finding_id: 'f-1', seq: id === 't1' ? 0 : 1, cluster: 'c1', at, actor: 'principal:alice', role: 'analyst', kind: 'transition', from_state: 'open', to_state: to,
      disposition: to === 'resolved' ? 'approved_change' : null, reason: 'because', ticket: to === 'resolved' ? 'CHG-1' : null, expires_at: null, request_id: null,
    })
    await store.reviews.record([row('t2', '2026-10-01T11:00:00.000Z', 'resolved'), row('t1', '2026-10-01T10:00:00.000Z', 'acknowledged')])
    const all = await store.reviews.history('f-1')
    expect(all.map((r) => r.transition_id)).toEqual(['t1', 't2'])
    expect(all[1]).toEqual(row('t2', '2026-10-01T11:00:00.000Z', 'resolved'))
    expect((await store.reviews.history('f-1', '2026-10-01T10:30:00.000Z')).map((r) => r.transition_id)).toEqual(['t1'])
    expect(await store.reviews.history('nope')).toEqual([])
  })

  it('keeps attestations and finds those overlapping a period', async () => {
    await store.reviews.attest({ attestation_id: 'a1', framework: 'soc2', control: 'CC6.3', period_start: '2026-10-01T00:00:00.000Z', period_end: '2026-11-01T00:00:00.000Z', clusters: ['c1'], reviewer: 'principal:alice', role: 'analyst', at: '2026-11-02T09:00:00.000Z', finding_count: 3, statement: 'I reviewed them' })
    const q = { framework: 'soc2', control: 'CC6.3', from: '2026-10-15T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', asOf: '2026-12-01T00:00:00.000Z' }
    expect(await store.reviews.attestations(q)).toEqual([expect.objectContaining({ attestation_id: 'a1', finding_count: 3, period_end: '2026-11-01T00:00:00.000Z' })])
    expect(await store.reviews.attestations({ ...q, asOf: '2026-11-01T00:00:00.000Z' })).toEqual([])
    expect(await store.reviews.attestations({ ...q, from: '2026-11-01T00:00:00.000Z' })).toEqual([])
    expect(await store.reviews.attestations({ ...q, control: 'CC6.1' })).toEqual([])
  })

  it('records arrival minutes through the materialized view on every event insert', async () => {
    const minute = (m: number) => new Date(Date.UTC(2026, 9, 1, 10, m, 30)).toISOString()
    const events = [0, 1, 2, 9, 10].map((m) => stamped('cov', `cov-${m}`, minute(m), minute(m)))
    await store.writeBatch({ events: events.map(toAuditEventRow), findings: [], ruleState: [], deadLetters: [] })
    await store.writeBatch({ events: [toAuditEventRow(events[0] as StampedEvent)], findings: [], ruleState: [], deadLetters: [] })
    const lo = Date.UTC(2026, 9, 1, 10, 1) / 60_000
    const [a] = await store.coverage.arrivals({ clusters: ['cov'], lo, hi: lo + 9 })
    expect(a).toEqual({ cluster: 'cov', apiserver: '', first_ever: lo - 1, last_before: lo - 1, first_after: lo + 9, minutes: [lo, lo + 1, lo + 8] })
    expect(await store.coverage.arrivals({ clusters: ['nobody'], lo, hi: lo + 9 })).toEqual([])
  })

  it('records gaps, the latest record of a start winning', async () => {
    const g = { cluster: 'c1', apiserver: '', start: '2026-10-01T10:03:00.000Z', end: '2026-10-01T10:09:00.000Z', open: true, detected_at: '2026-10-01T10:09:00.000Z', detected_by: 'job:gap-check' }
    await store.coverage.recordGaps([g])
    await store.coverage.recordGaps([{ ...g, end: '2026-10-01T10:12:00.000Z', open: false, detected_at: '2026-10-01T10:13:00.000Z' }])
    expect(await store.coverage.recordedGaps({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' })).toEqual([{ ...g, end: '2026-10-01T10:12:00.000Z', open: false, detected_at: '2026-10-01T10:13:00.000Z' }])
    expect(await store.coverage.recordedGaps({ clusters: ['c2'], from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' })).toEqual([])
  })

  it('counts dead letters per reason in a period', async () => {
    await store.deadLetters.write([
      { cluster: 'c1', received_at: '2026-10-01T10:00:00.000Z', reason: 'invalid_event', detail: 'd', raw: '1' },
      { cluster: 'c1', received_at: '2026-10-01T10:00:01.000Z', reason: 'invalid_event', detail: 'd', raw: '2' },
      { cluster: 'c2', received_at: '2026-10-01T10:00:00.000Z', reason: 'poison_record', detail: 'd', raw: '3' },
      { cluster: 'c1', received_at: '2026-11-01T10:00:00.000Z', reason: 'poison_record', detail: 'd', raw: '4' },
      { cluster: 'c2', received_at: '2026-10-01T11:00:00.000Z', reason: 'duplicate', detail: 'd', raw: '{"count":7,"keys":[]}' },
    ])
    expect(await store.coverage.deadLetterCounts({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' })).toEqual({ duplicate: 7, invalid_event: 2, poison_record: 1 })
    expect(await store.coverage.deadLetterCounts({ clusters: ['c1'], from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' })).toEqual({ invalid_event: 2 })
  })

  it('selects a population: the matched events of the period and scope, received by the snapshot, in a total order', async () => {
    const es = [
      stamped('p1', 'e3', '2026-10-01T12:00:00.000003Z', '2026-10-01T12:00:01.000Z'),
      stamped('p1', 'e1', '2026-10-01T12:00:00.000001Z', '2026-10-01T12:00:01.000Z'),
      stamped('p1', 'late', '2026-10-01T12:00:00.000002Z', '2026-10-03T00:00:00.000Z'),
      stamped('p2', 'e2', '2026-10-01T12:00:00.000002Z', '2026-10-01T12:00:01.000Z'),
      stamped('p1', 'other-rule', '2026-10-01T12:00:00.000004Z', '2026-10-01T12:00:01.000Z'),
      stamped('p1', 'no-finding', '2026-10-01T12:00:00.000005Z', '2026-10-01T12:00:01.000Z'),
      stamped('p1', 'next-day', '2026-10-02T00:00:00.000000Z', '2026-10-02T00:00:01.000Z'),
    ]
    const fs = es.filter((e) => e.event.auditID !== 'no-finding').map((e) => finding(e, e.event.auditID === 'other-rule' ? 'r.other' : 'r.pop'))
    await store.writeBatch({ events: es.map(toAuditEventRow), findings: fs, ruleState: [], deadLetters: [] })
    const { query, params } = store.populations.query({ rule_ids: ['r.pop'], clusters: ['p2', 'p1'], start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z', as_of: '2026-10-02T12:00:00.000Z' })
    expect(params['clusters']).toEqual(['p1', 'p2'])
    expect(await store.populations.count(query, params)).toBe(3)
    let text = ''
    for await (const chunk of await store.populations.stream(query, params, 'JSONEachRow')) text += String(chunk)
    const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows.map((r) => `${r['cluster']}/${r['audit_id']}`)).toEqual(['p1/e1', 'p2/e2', 'p1/e3'])
    expect(rows[0]).toMatchObject({ request_received_at: '2026-10-01 12:00:00.000001', user_groups: ['system:authenticated'], response_code: 201 })
    expect(JSON.parse(rows[0]?.['raw'] as string)).toMatchObject({ auditID: 'e1' })
    // A later snapshot takes the late arrival in.
    const later = store.populations.query({ rule_ids: ['r.pop'], clusters: ['p1', 'p2'], start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z', as_of: '2026-10-04T00:00:00.000Z' })
    expect(await store.populations.count(later.query, later.params)).toBe(4)
    expect(later.query).toBe(query)
  })

  it('keeps population runs and samples', async () => {
    const run = { population_id: 'pop1', source: 'audit_events' as const, name: 'soc2.CC6.3.population', framework: 'soc2', control: 'CC6.3', rule_ids: ['r.pop'], clusters: ['p1'], period_start: '2026-10-01T00:00:00.000000Z', period_end: '2026-10-02T00:00:00.000000Z', as_of: '2026-10-02T12:00:00.000Z', query: 'SELECT 1', params: '{}', query_sha256: 'a'.repeat(64), row_count: 3, result_sha256: 'b'.repeat(64), created_at: '2026-10-02T12:00:00.000Z', created_by: 'principal:alice' }
    await store.populations.save(run)
    expect(await store.populations.get('pop1')).toEqual(run)
    const sample = { sample_id: 'smp-1', population_id: 'pop1', population_name: run.name, population_sha256: run.result_sha256, population_rows: 3, method: 'seeded_random' as const, seed: 's', size: 1, size_basis: 'auditor judgment', drawn_by: 'principal:jane', drawn_at: '2026-10-03T00:00:00.000Z', selected: [{ row_key: 'p1/e1/ResponseComplete', rank: 'c'.repeat(64) }] }
    await store.populations.saveSample(sample)
    expect(await store.populations.sample('smp-1')).toEqual(sample)
    const q = { framework: 'soc2', control: 'CC6.3', start: run.period_start, end: run.period_end, clusters: ['p1'], asOf: '2026-10-04T00:00:00.000Z' }
    expect(await store.populations.samples(q)).toEqual([sample])
    expect(await store.populations.samples({ ...q, asOf: '2026-10-02T00:00:00.000Z' })).toEqual([])
    expect(await store.populations.samples({ ...q, clusters: ['p1', 'p2'] })).toEqual([])
  })
})
