import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import type { Finding } from '@vigil/core'
import { buildReport, buildSummary, csvRecordsExport, EvidenceConfig, loadEvidenceCatalog, parsePeriod, populationName, runPopulation, type ReportDeps } from '@vigil/evidence'
import { createClickHouseClient, createStore, populationCsvQuery, prepareStore, RetentionConfig, type AuditEventRow } from '@vigil/store'
import { median, perSecond, withBaseline, type Result } from '../stats.js'

const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))
const CLUSTERS = ['prod-a', 'prod-b', 'staging', 'ml-train']
const DAYS = 30
const START = Date.UTC(2026, 9, 1)
const CHUNK = 100_000
/** One event in 1,000 is an RBAC grant (CC6.3's population); one in 10,000 a cluster-admin binding (its exception). */
const POPULATION_EVERY = 1_000
const EXCEPTION_EVERY = 10_000
/** One event in 10 is a human Secret read: the large population the CSV export streams. */
const EXPORT_EVERY = 10

function row(i: number, total: number): AuditEventRow {
  const cluster = CLUSTERS[i % CLUSTERS.length] as string
  const t = new Date(START + Math.floor((i / total) * DAYS * 86_400_000)).toISOString().replace('Z', '123Z')
  const rbac = i % POPULATION_EVERY === 0 || i % EXCEPTION_EVERY === 1
  const secret = i % EXPORT_EVERY === 5
  const resource = rbac ? 'clusterrolebindings' : secret ? 'secrets' : (['pods', 'configmaps', 'leases', 'deployments'][i % 4] as string)
  const verb = rbac ? 'create' : (['get', 'list', 'update', 'watch'][i % 4] as string)
  const user = i % 33 === 0 ? `user${i % 97}@example.com` : `system:serviceaccount:kube-system:sa-${i % 13}`
  const auditId = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`
  return {
    cluster, audit_id: auditId, stage: 'ResponseComplete', level: 'Metadata', verb, user, user_groups: ['system:authenticated'], impersonated_user: '', source_ips: ['10.0.3.17'],
    user_agent: 'kubectl/v1.31.0', resource, subresource: '', api_group: rbac ? 'rbac.authorization.k8s.io' : '', namespace: rbac ? '' : `team-${i % 20}`, name: `obj-${i % 5000}`,
    request_uri: `/apis/x/${resource}`, response_code: rbac ? 201 : 200, decision: 'allow', request_received_at: t, stage_at: t, received_at: t.slice(0, 23) + 'Z',
    raw: `{"kind":"Event","auditID":"${auditId}","verb":"${verb}","user":{"username":"${user}"},"objectRef":{"resource":"${resource}"}}`,
  }
}

function finding(r: AuditEventRow, rule: string, severity: Finding['severity']): Finding {
  return {
    finding_id: `${rule}/${r.cluster}/${r.audit_id}`, rule_id: rule, rule_version: '1', severity, title: rule, cluster: r.cluster, audit_id: r.audit_id, stage: r.stage, event_time: r.request_received_at,
    user: r.user, verb: r.verb, resource: r.resource, namespace: r.namespace, name: r.name, reason: 'bench', output: 'bench', evidence: {}, tags: [], controls: [],
  }
}

/**
 * Evidence over a large store on chDB, filled through the same table
 * modules the analyzer writes with: `events` audit events over 30 days and
 * four clusters, with RBAC grants (CC6.3's population), cluster-admin
 * bindings (its exceptions) and human Secret reads (a large population for
 * the export). Measures one control's report, a whole framework summary, and
 * the CSV export of the large population (rows/s and resident memory).
 */
export async function benchEvidence(options: { events: number; runs: number; storeDir?: string | undefined }): Promise<Result[]> {
  const dir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'vigil-bench-evidence-'))
  const client = await createClickHouseClient({ type: 'chdb' }, dir)
  try {
    await prepareStore(client, RetentionConfig.parse({}))
    let clock = new Date(START)
    const store = createStore({ client, now: () => clock })
    // --store-dir: a store this benchmark filled before with the same --events is measured again without a new fill.
    const stored = Number((await (await client.query({ query: 'SELECT count() AS n FROM audit_events_v1', format: 'JSONEachRow' })).json<{ n: string }>())[0]?.n ?? 0)
    if (stored !== 0 && stored !== options.events) throw new Error(`--store-dir ${dir} holds ${stored} events, not --events ${options.events}`)
    const reused = stored === options.events
    const fill0 = performance.now()
    for (let base = 0; reused ? false : base < options.events; base += CHUNK) {
      const rows: AuditEventRow[] = []
      const findings: Finding[] = []
      for (let i = base; i < Math.min(options.events, base + CHUNK); i++) {
        const r = row(i, options.events)
        rows.push(r)
        if (i % POPULATION_EVERY === 0) findings.push(finding(r, 'rbac.write-privileges-role', 'low'))
        if (i % EXCEPTION_EVERY === 1) findings.push(finding(r, 'rbac.cluster-admin-binding', 'high'))
        if (i % EXPORT_EVERY === 5) findings.push(finding(r, 'secrets.read-by-human', 'medium'))
      }
      clock = new Date(Date.parse(rows[0]!.received_at))
      await store.events.write(rows)
      await store.findings.write(findings)
      if ((base / CHUNK) % 10 === 9) process.stderr.write(`  filled ${(base + CHUNK).toLocaleString('en-US')} events (${perSecond(base + CHUNK, performance.now() - fill0).toLocaleString('en-US')}/s)\n`)
    }
    if (!reused) await client.command({ query: 'OPTIMIZE TABLE audit_events_v1 FINAL' }).catch(() => undefined)
    const fillRate = perSecond(options.events, performance.now() - fill0)
    clock = new Date(START + (DAYS + 1) * 86_400_000)

    const catalog = loadEvidenceCatalog({ rulesPaths: [RULES_DIR], controlsRulesDir: RULES_DIR, cwd: process.cwd() })
    const deps: ReportDeps = { store, catalog, config: EvidenceConfig.parse({}), generatorVersion: 'bench', now: () => clock }
    const period = parsePeriod(new Date(START).toISOString(), new Date(START + DAYS * 86_400_000).toISOString(), 400)
    const req = { framework: 'soc2', control: 'CC6.3', period, clusters: CLUSTERS, by: 'job:bench' }

    const count: number[] = []
    const report: number[] = []
    const summary: number[] = []
    let last = await buildReport(deps, req) // warm
    for (let r = 0; r < options.runs; r++) {
      const c0 = performance.now()
      await client.query({ query: "SELECT count() FROM audit_events_v1 WHERE cluster IN {c:Array(String)} AND request_received_at >= {s:DateTime64(6, 'UTC')} AND request_received_at < {e:DateTime64(6, 'UTC')}", query_params: { c: CLUSTERS, s: period.start.replace('T', ' ').replace('Z', ''), e: period.end.replace('T', ' ').replace('Z', '') }, format: 'JSONEachRow' }).then((x) => x.json())
      count.push(performance.now() - c0)
      const t0 = performance.now()
      last = await buildReport(deps, req)
      report.push(performance.now() - t0)
    }
    let summaryRows = 0
    for (let r = 0; r < Math.max(1, Math.min(3, options.runs)); r++) {
      const t0 = performance.now()
      summaryRows = (await buildSummary(deps, { framework: 'soc2', period, clusters: CLUSTERS, as_of: period.end })).controls.length
      summary.push(performance.now() - t0)
    }

    // The CSV export of a large population, streamed to nowhere, with resident memory sampled.
    const spec = { rule_ids: ['secrets.read-by-human'], clusters: CLUSTERS, start: period.start, end: period.end, as_of: period.end }
    const big = await runPopulation(store.populations, { name: populationName('soc2', 'CC6.1'), spec })
    const exportRate: number[] = []
    let rssBefore = 0
    let rssPeak = 0
    for (let r = 0; r < Math.max(1, Math.min(3, options.runs)); r++) {
      const { query, params } = store.populations.query(spec)
      rssBefore = process.memoryUsage().rss
      rssPeak = rssBefore
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20)
      let rows = -1
      const t0 = performance.now()
      await pipeline(csvRecordsExport(await store.populations.stream(populationCsvQuery(query), params, 'RawBLOB'), true), new Writable({ write: (c: Buffer | string, _e, cb) => ((rows += String(c).split('\r\n').length - 1), cb()) }))
      exportRate.push(perSecond(big.row_count, performance.now() - t0))
      clearInterval(sampler)
      if (rows !== big.row_count) throw new Error(`export wrote ${rows} rows, population has ${big.row_count}`)
    }
    const countBase = { name: 'evidence_count_period_baseline', value: Math.round(median(count)), unit: 'ms' }
    const size = `${options.events.toLocaleString('en-US')} events`
    return [
      ...(reused ? [] : [{ name: 'evidence_fill', value: fillRate, unit: 'events/s', notes: `${size} through store.events.write / store.findings.write in ${CHUNK}-row inserts` }]),
      { ...countBase, runs: count.map(Math.round), notes: `SELECT count() of the period and scope over ${size}, same run` },
      withBaseline({ name: 'evidence_report_one_control', value: Math.round(median(report)), unit: 'ms', runs: report.map(Math.round), notes: `soc2 CC6.3 over ${size}: population ${last.populations[0]?.row_count} rows, ${last.exceptions.total} exceptions, coverage ${last.coverage.pct}%; bar < 500 ms` }, countBase),
      { name: 'evidence_framework_summary', value: Math.round(median(summary)), unit: 'ms', runs: summary.map(Math.round), notes: `buildSummary, all ${summaryRows} soc2 controls over ${size}; bar < 2000 ms` },
      { name: 'evidence_population_csv_export', value: median(exportRate), unit: 'rows/s', runs: exportRate, notes: `${big.row_count.toLocaleString('en-US')} rows streamed to CSV; resident memory ${Math.round(rssBefore / 2 ** 20)} MiB before, ${Math.round(rssPeak / 2 ** 20)} MiB peak (chDB runs in-process); bar >= 200000 rows/s, flat memory` },
    ]
  } finally {
    await client.close()
    if (options.storeDir === undefined) rmSync(dir, { recursive: true, force: true })
  }
}
