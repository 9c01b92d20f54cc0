import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding } from '@vigil/core'
import { createClickHouseClient, createStore, populationCsvQuery, prepareStore, RetentionConfig, type AuditEventRow, type ClickHouseClient, type Store } from '@vigil/store'
import { buildReport, buildSummary, createEvidenceCatalog, csvRecordsExport, csvHeader, csvRecord, EvidenceConfig, parsePeriod, populationName, POPULATION_CSV_COLUMNS, runPopulation, type ReportDeps } from '../src/index.js'

// The engine-side parts of populations: the CSV records ClickHouse builds for
// the export, and the one-pass population counts of a framework summary,
// each checked against the JavaScript and per-control definitions they replace.

let dir: string
let client: ClickHouseClient
let store: Store
const clock = new Date('2026-10-02T00:00:00.000Z')

const catalog = createEvidenceCatalog({
  catalogs: [{ framework: 'soc2', name: 'SOC 2', version: '2017 (test)', controls: [
    { id: 'CC6.1', title: 'Logical access', summary: 'Access.' },
    { id: 'CC6.3', title: 'Least privilege', summary: 'Access by role.' },
    { id: 'CC8.1', title: 'Change', summary: 'Changes.' },
    { id: 'CC9.9', title: 'Unmapped', summary: 'No rule.' },
  ] }],
  rules: [
    // r.a and r.b both feed CC6.3 (an event both match counts once); r.b also feeds CC8.1.
    { id: 'r.a', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }] },
    { id: 'r.b', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'population' }, { framework: 'soc2', id: 'CC8.1', role: 'population' }] },
    { id: 'r.c', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.1', role: 'population' }] },
    { id: 'r.x', enabled: true, controls: [{ framework: 'soc2', id: 'CC6.3', role: 'exception' }, { framework: 'soc2', id: 'CC6.1', role: 'exception' }] },
  ],
  sources: [{ file: 'rules/test.yaml', text: 'rules: []' }],
  views: [],
})
const deps = (): ReportDeps => ({ store, catalog, config: EvidenceConfig.parse({}), generatorVersion: '0.0.0-test', now: () => clock })
const period = parsePeriod('2026-10-01T00:00:00Z', '2026-10-01T01:00:00Z', 400)
const CLUSTERS = ['c1', 'c2']

/** Text cells that need the formula guard, quoting, or both, and some that need neither. */
const AWKWARD = ['=cmd|x', '+1', '-1', '@sum', '\tlead-tab', '\rlead-cr', '\0nul', 'a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', 'é ünïcödé ✓', 'plain', '', "'quoted", 'back\\slash', "it's a\\'mess"]

function event(cluster: string, n: number, over: Partial<AuditEventRow> = {}): AuditEventRow {
  const t = new Date(Date.parse(period.start) + n * 7_000).toISOString().replace('Z', '456Z')
  const text = AWKWARD[n % AWKWARD.length] as string
  return {
    cluster, audit_id: `${cluster}-${n}`, stage: 'ResponseComplete', level: 'Metadata', verb: 'create', user: text, user_groups: [text, 'g2'], impersonated_user: n % 2 === 0 ? '' : text,
    source_ips: ['10.0.0.1', text], user_agent: `ua ${text}`, resource: 'rolebindings', subresource: '', api_group: 'rbac.authorization.k8s.io', namespace: text, name: `${text}-${n}`,
    request_uri: `/apis/x?q=${text}`, response_code: 201, decision: 'allow', request_received_at: t, stage_at: t, received_at: `${t.slice(0, 23)}Z`, raw: JSON.stringify({ n, text }), ...over,
  }
}
function finding(e: AuditEventRow, rule: string): Finding {
  return { finding_id: `${rule}/${e.cluster}/${e.audit_id}`, rule_id: rule, rule_version: '1', severity: 'high', title: rule, cluster: e.cluster, audit_id: e.audit_id, stage: e.stage, event_time: e.request_received_at,
    user: e.user, verb: e.verb, resource: e.resource, namespace: e.namespace, name: e.name, reason: 'r', output: 'o', evidence: {}, tags: [], controls: [] }
}

const events: AuditEventRow[] = []
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-population-sql-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client, now: () => clock })
  const findings: Finding[] = []
  for (const cluster of [...CLUSTERS, 'c3']) {
    for (let n = 0; n < 60; n++) {
      const e = event(cluster, n)
      events.push(e)
      if (n % 2 === 0) findings.push(finding(e, 'r.a'))
      if (n % 3 === 0) findings.push(finding(e, 'r.b'))
      if (n % 5 === 0) findings.push(finding(e, 'r.c'))
      if (n % 11 === 0) findings.push(finding(e, 'r.x'))
    }
  }
  // Stored after the snapshot: in no population as of the period end.
  const late = event('c1', 60, { received_at: '2026-10-01T05:00:00.000Z' })
  events.push(late)
  findings.push(finding(late, 'r.a'), finding(late, 'r.c'))
  await store.writeBatch({ events, findings, ruleState: [], deadLetters: [] })
  // A redelivered batch: FINAL keeps one row per event, and the counts must too.
  await store.writeBatch({ events: events.slice(0, 30), findings: findings.slice(0, 30), ruleState: [], deadLetters: [] })
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the population CSV built by the engine', () => {
  it('is byte for byte what csvRecord gives for the same stored rows', async () => {
    const spec = { rule_ids: ['r.a', 'r.b'], clusters: CLUSTERS, start: period.start, end: period.end, as_of: period.end }
    const { query, params } = store.populations.query(spec)
    const chunks: Buffer[] = []
    await pipeline(csvRecordsExport(await store.populations.stream(populationCsvQuery(query), params, 'RawBLOB'), true), new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }))
    const members = new Set(events.filter((e) => CLUSTERS.includes(e.cluster) && e.received_at <= period.end).map((e) => Number(e.audit_id.split('-')[1])).filter((n) => n % 2 === 0 || n % 3 === 0))
    const expected = events
      .filter((e) => CLUSTERS.includes(e.cluster) && e.received_at <= period.end && members.has(Number(e.audit_id.split('-')[1])))
      .sort((a, b) => (a.request_received_at < b.request_received_at ? -1 : a.request_received_at > b.request_received_at ? 1 : a.audit_id < b.audit_id ? -1 : 1))
      .map((e) => csvRecord(POPULATION_CSV_COLUMNS, [
        e.request_received_at, e.received_at, e.cluster, e.audit_id, e.stage, e.verb, e.user, e.impersonated_user, e.user_groups.join(';'), e.source_ips.join(';'), e.user_agent,
        e.api_group, e.resource, e.subresource, e.namespace, e.name, e.response_code, e.decision, e.level, e.request_uri, e.stage_at,
      ]))
    expect(expected.length).toBeGreaterThan(AWKWARD.length)
    const text = Buffer.concat(chunks).toString('utf8')
    expect(text).toBe(csvHeader(POPULATION_CSV_COLUMNS, true) + expected.join(''))
    // Spot checks, so a shared mistake in both builders shows too.
    expect(text).toContain(",'=cmd|x,")
    expect(text).toContain(',"say ""hi""",')
    expect(text).toContain(',"two\r\nlines",')
  })

  it('is a header alone for an empty population', async () => {
    const { query, params } = store.populations.query({ rule_ids: ['r.none'], clusters: CLUSTERS, start: period.start, end: period.end, as_of: period.end })
    const chunks: Buffer[] = []
    await pipeline(csvRecordsExport(await store.populations.stream(populationCsvQuery(query), params, 'RawBLOB'), false), new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }))
    expect(Buffer.concat(chunks).toString('utf8')).toBe(csvHeader(POPULATION_CSV_COLUMNS, false))
  })
})

describe('population counts in one pass', () => {
  it('equal each control population run alone, overlaps, redeliveries and the snapshot included', async () => {
    const controls = catalog.controls('soc2').map((c) => catalog.control('soc2', c.id)).filter((c) => c.population_rules.length > 0)
    const counts = await store.populations.counts({ keys: controls.map((c) => ({ key: c.id, rule_ids: c.population_rules })), clusters: CLUSTERS, start: period.start, end: period.end, as_of: period.end })
    const alone = new Map<string, number>()
    for (const c of controls) alone.set(c.id, (await runPopulation(store.populations, { name: populationName('soc2', c.id), spec: { rule_ids: c.population_rules, clusters: CLUSTERS, start: period.start, end: period.end, as_of: period.end } })).row_count)
    expect(counts).toEqual(alone)
    // By hand: per cluster, n in 0..59 with n%2==0 or n%3==0 is 40; n%3==0 is 20; n%5==0 is 12.
    expect(Object.fromEntries(counts)).toEqual({ 'CC6.3': 80, 'CC8.1': 40, 'CC6.1': 24 })
  })

  it('are zero for no clusters and for rules nothing matched', async () => {
    expect(await store.populations.counts({ keys: [{ key: 'k', rule_ids: ['r.a'] }], clusters: [], start: period.start, end: period.end, as_of: period.end })).toEqual(new Map([['k', 0]]))
    expect(await store.populations.counts({ keys: [{ key: 'k', rule_ids: ['r.none'] }], clusters: CLUSTERS, start: period.start, end: period.end, as_of: period.end })).toEqual(new Map([['k', 0]]))
  })
})

describe('buildSummary', () => {
  it("gives every control the status, report id and counts of that control's report", async () => {
    // As of now, so the late event (stored at 05:00) and the findings (stored at the clock) count.
    const asOf = clock.toISOString()
    const summary = await buildSummary(deps(), { framework: 'soc2', period, clusters: ['c2', 'c1', 'c1'], as_of: asOf })
    expect(summary.clusters).toEqual(CLUSTERS)
    expect(summary.as_of).toBe(asOf)
    expect(summary.controls.map((c) => c.id)).toEqual(['CC6.1', 'CC6.3', 'CC8.1', 'CC9.9'])
    for (const row of summary.controls) {
      const r = await buildReport(deps(), { framework: 'soc2', control: row.id, period, clusters: CLUSTERS, as_of: asOf, by: 'principal:test' })
      expect(row).toEqual({ id: row.id, title: r.control.title, status: r.status, report_id: r.id, population_rows: r.populations[0]?.row_count ?? null, exceptions: r.exceptions.total, open: r.exceptions.open, over_sla: r.exceptions.over_sla, coverage_pct: r.coverage.pct })
    }
    expect(summary.controls.find((c) => c.id === 'CC6.3')).toMatchObject({ population_rows: 81, exceptions: 12 })
    expect(summary.controls.find((c) => c.id === 'CC9.9')).toMatchObject({ status: 'not_applicable', population_rows: null, exceptions: 0 })
  })
})

describe('a population per day', () => {
  it('counts each event of the population once, on its UTC day, and sums to the row count', async () => {
    // Cluster d1, over three days (one with nothing), each event matched by two population rules.
    const days = ['2026-11-01T23:59:59.000Z', '2026-11-02T00:00:00.000Z', '2026-11-02T12:00:00.000Z', '2026-11-04T08:00:00.000Z']
    const rows = days.map((t, i) => event('d1', 1000 + i, { request_received_at: t, stage_at: t, received_at: t }))
    await store.writeBatch({ events: rows, findings: rows.flatMap((e) => [finding(e, 'r.a'), finding(e, 'r.b')]), ruleState: [], deadLetters: [] })
    const spec = { rule_ids: ['r.a', 'r.b'], clusters: ['d1'], start: '2026-11-01T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z', as_of: '2026-11-05T00:00:00.000Z' }
    const daily = await store.populations.daily(spec)
    expect(daily).toEqual([{ day: '2026-11-01', count: 1 }, { day: '2026-11-02', count: 2 }, { day: '2026-11-04', count: 1 }])
    const { query, params } = store.populations.query(spec)
    expect(daily.reduce((n, d) => n + d.count, 0)).toBe(await store.populations.count(query, params))
    // The snapshot holds too: the last event was stored after this as_of.
    expect(await store.populations.daily({ ...spec, as_of: '2026-11-03T00:00:00.000Z' })).toEqual([{ day: '2026-11-01', count: 1 }, { day: '2026-11-02', count: 2 }])
  })
})
