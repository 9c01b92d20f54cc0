import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, StampedEvent } from '@vigil/core'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, toAuditEventRow, type ClickHouseClient, type Store } from '@vigil/store'
import { buildReport, createEvidenceCatalog, deriveTriage, EvidenceConfig, EvidenceReport, parsePeriod, planDecision, planTransition, type ReportDeps } from '../src/index.js'

let dir: string
let client: ClickHouseClient
let store: Store
let clock = new Date('2026-10-01T00:30:00.000Z')

const catalog = createEvidenceCatalog({
  catalogs: [{ framework: 'soc2', name: 'SOC 2', version: '2017 (test)', controls: [{ id: 'CC6.3', title: 'Least privilege', summary: 'Access by role.' }, { id: 'CC9.9', title: 'Unmapped', summary: 'No rule.' }] }],
  rules: [
    { id: 'r.pop', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }] },
    { id: 'r.exc', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'exception' }] },
  ],
  sources: [{ file: 'rules/test.yaml', text: 'rules: []' }],
  views: [],
})
const config = EvidenceConfig.parse({ sla_hours: { critical: 1, high: 72 } })
const deps = (): ReportDeps => ({ store, catalog, config, generatorVersion: '0.0.0-test', now: () => clock })
const period = parsePeriod('2026-10-01T00:00:00Z', '2026-10-01T02:00:00Z', 400)
const at = (min: number, sec = 0) => new Date(Date.UTC(2026, 9, 1, 0, min, sec)).toISOString()

function stamped(cluster: string, id: string, min: number): StampedEvent {
  const t = at(min, 10)
  const event = { auditID: id, stage: 'ResponseComplete' as const, verb: 'create', requestURI: '/x', user: { username: 'alice' }, objectRef: { resource: 'rolebindings', namespace: 'ns', name: id }, responseStatus: { code: 201 }, requestReceivedTimestamp: t, stageTimestamp: t }
  return { cluster, received_at: t, event, raw: JSON.stringify(event) }
}
function finding(s: StampedEvent, rule: string, severity: Finding['severity']): Finding {
  return { finding_id: `${rule}-${s.cluster}-${s.event.auditID}`, rule_id: rule, rule_version: '1', severity, title: rule, cluster: s.cluster, audit_id: s.event.auditID, stage: 'ResponseComplete', event_time: s.event.requestReceivedTimestamp, user: 'alice', verb: 'create', resource: 'rolebindings', namespace: 'ns', name: s.event.auditID, reason: 'r', output: 'o', evidence: {}, tags: [], controls: [] }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-report-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client, now: () => clock })
  // c1 sends every minute of the two hours; c2 is silent from 00:40 to 00:49 (10 minutes).
  for (const cluster of ['c1', 'c2']) {
    const events = Array.from({ length: 120 }, (_, m) => m).filter((m) => cluster === 'c1' || m < 40 || m >= 50).map((m) => stamped(cluster, `${cluster}-e${m}`, m))
    const findings = [
      ...events.filter((_, i) => i % 10 === 0).map((e) => finding(e, 'r.pop', 'low')),
      ...events.filter((_, i) => i % 40 === 5).map((e, i) => finding(e, 'r.exc', i % 2 === 0 ? 'critical' : 'high')),
    ]
    await store.writeBatch({ events: events.map(toAuditEventRow), findings, ruleState: [], deadLetters: [] })
  }
  await store.deadLetters.write([
    { cluster: 'c1', received_at: at(3), reason: 'invalid_event', detail: 'd', raw: 'a' },
    { cluster: 'c1', received_at: at(4), reason: 'poison_record', detail: 'd', raw: 'b' },
  ])
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

async function triage(findingId: string, steps: { to: 'acknowledged' | 'resolved' | 'open'; disposition?: 'true_positive' | 'approved_change' | 'false_positive' | 'risk_accepted'; ticket?: string; expires_at?: string }[], actor = 'principal:alice') {
  const meta = await store.reviews.findingMeta(findingId)
  if (meta === undefined) throw new Error(`no finding ${findingId}`)
  for (const s of steps) {
    const rows = await store.reviews.history(findingId)
    const t = clock.toISOString()
    await store.reviews.record([{ ...planTransition({ current: deriveTriage(rows, t), severity: meta.severity, request: { ...s, reason: 'test' }, actor, role: 'analyst', at: t, finding_id: findingId, seq: rows.length, newId: () => `${findingId}-${rows.length}` }), cluster: meta.cluster }])
    clock = new Date(clock.getTime() + 1000)
  }
}

describe('buildReport', () => {
  it('assembles coverage, population, exceptions, samples and attestations from the store', async () => {
    clock = new Date('2026-10-01T01:30:00.000Z')
    const exceptions = (await store.reviews.controlFindings({ rule_ids: ['r.exc'], clusters: ['c1', 'c2'], start: period.start, end: period.end, as_of: clock.toISOString() })).map((f) => f.finding_id)
    expect(exceptions).toHaveLength(6)
    const [approved, pendingFp, truePos] = exceptions as [string, string, string]
    await triage(approved, [{ to: 'acknowledged' }, { to: 'resolved', disposition: 'approved_change', ticket: 'CHG-1' }])
    await triage(pendingFp, [{ to: 'acknowledged' }, { to: 'resolved', disposition: 'false_positive' }])
    await triage(truePos, [{ to: 'acknowledged' }, { to: 'resolved', disposition: 'true_positive' }])
    await store.reviews.attest({ attestation_id: 'att-1', framework: 'soc2', control: 'CC6.3', period_start: period.start, period_end: period.end, clusters: ['c1', 'c2'], reviewer: 'principal:bob', role: 'admin', at: clock.toISOString(), finding_count: 6, statement: 'I reviewed the 6 findings.' })
    // Triage recorded after the snapshot (by default the period end) does not count.
    clock = new Date('2026-10-01T03:00:00.000Z')
    await triage(exceptions[3] as string, [{ to: 'acknowledged' }, { to: 'resolved', disposition: 'approved_change', ticket: 'CHG-2' }])
    clock = new Date('2026-10-01T03:10:00.000Z')

    const report = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period, clusters: ['c2', 'c1'], by: 'principal:jane' })
    expect(EvidenceReport.parse(report)).toEqual(report)
    expect(report.scope.clusters).toEqual(['c1', 'c2'])
    expect(report.coverage).toEqual({
      expected_minutes: 240, covered_minutes: 230, pct: 95.83, gap_threshold_minutes: 5,
      gaps: [{ cluster: 'c2', apiserver: null, start: at(40), end: at(50), minutes: 10 }],
      dead_letters: 1, rejected_at_ingest: 1, dedup_drops: 0,
    })
    const [pop] = report.populations
    expect(pop).toMatchObject({ name: 'soc2.CC6.3.population', rule_ids: ['r.pop'], row_count: 23, snapshot: { at: period.end, boundary: 'received_at <= snapshot.at' } })
    expect(report.exceptions).toMatchObject({ total: 6, by_disposition: { true_positive: 1, approved_change: 1, false_positive: 0, risk_accepted: 0 }, open: 4 })
    expect(report.exceptions.items.find((i) => i.finding_id === pendingFp)).toMatchObject({ state: 'acknowledged', pending_approval: true })
    // Critical findings have a 1 h SLA; detected at 00:30, still open at the snapshot (02:00): over SLA.
    expect(report.exceptions.over_sla).toBe(report.exceptions.items.filter((i) => i.severity === 'critical' && i.state !== 'resolved').length)
    expect(report.attestations).toEqual([{ id: 'att-1', reviewer: 'principal:bob', role: 'admin', at: expect.any(String), covers: { start: period.start, end: period.end }, finding_count: 6, statement: 'I reviewed the 6 findings.' }])
    expect(report.status).toBe('insufficient_evidence')
    expect(report.status_reasons[0]).toMatch(/95.83% is below the 99% minimum/)
    expect(report.generated).toMatchObject({ by: 'principal:jane', generator_version: '0.0.0-test', catalog_version: '2017 (test)', rule_pack_version: catalog.rulePackVersion })
  })

  it('reproduces byte for byte apart from generated.at, even after later arrivals and triage', async () => {
    const req = { framework: 'soc2', control: 'CC6.3', period, clusters: ['c1'], as_of: '2026-10-01T03:05:00.000Z', by: 'principal:jane' }
    const first = await buildReport(deps(), req)
    clock = new Date('2026-10-01T05:00:00.000Z')
    const late = stamped('c1', 'late', 119)
    await store.writeBatch({ events: [toAuditEventRow({ ...late, received_at: clock.toISOString() })], findings: [finding(late, 'r.pop', 'low'), finding(late, 'r.exc', 'critical')], ruleState: [], deadLetters: [] })
    const open = first.exceptions.items.find((i) => i.state === 'open')
    await triage(open!.finding_id, [{ to: 'acknowledged' }])
    const second = await buildReport(deps(), req)
    expect(second.generated.at).not.toBe(first.generated.at)
    const strip = (r: EvidenceReport) => JSON.stringify({ ...r, generated: { ...r.generated, at: '' } })
    expect(strip(second)).toBe(strip(first))
    // A later snapshot sees the late event and the new triage.
    const later = await buildReport(deps(), { ...req, as_of: clock.toISOString() })
    expect(later.populations[0]?.row_count).toBe((first.populations[0]?.row_count ?? 0) + 1)
    expect(later.populations[0]?.result_sha256).not.toBe(first.populations[0]?.result_sha256)
  })

  it('says not_applicable for a control no rule evidences, and operating when all is well', async () => {
    const none = await buildReport(deps(), { framework: 'soc2', control: 'CC9.9', period, clusters: ['c1'], by: 'principal:jane' })
    expect(none).toMatchObject({ status: 'not_applicable', populations: [] })
    const c1 = await buildReport(deps(), { framework: 'soc2', control: 'CC6.3', period: parsePeriod('2026-10-01T00:00:00Z', '2026-10-01T00:05:00Z', 400), clusters: ['c1'], as_of: '2026-10-01T00:20:00.000Z', by: 'principal:jane' })
    expect(c1).toMatchObject({ status: 'operating', coverage: { expected_minutes: 5, covered_minutes: 5, pct: 100 } })
  })

  it('refuses an unknown control with a suggestion', async () => {
    await expect(buildReport(deps(), { framework: 'soc2', control: 'CC6.2', period, clusters: ['c1'], by: 'x' })).rejects.toMatchObject({ code: 'unknown_control', message: expect.stringContaining('did you mean "CC6.3"') })
  })
})
